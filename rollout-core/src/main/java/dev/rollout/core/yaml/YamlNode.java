package dev.rollout.core.yaml;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of a parsed YAML document that knows where it came from: its file, its 1-based line
 * and its field path (for example {@code spec.strategy.canary.steps[2].setWeight}). Immutable.
 *
 * <p>The line of a mapping entry's value is the line of its key, so a problem reported on a node
 * points at the line where the user wrote the field's name.
 */
public sealed interface YamlNode permits YamlNode.MapNode, YamlNode.ListNode, YamlNode.Scalar {

    /** The file name as the user gave it (or a display name for in-memory text). */
    String file();

    /** The 1-based line where this node (or the key naming it) starts. */
    int line();

    /** The field path from the document root; empty for the root itself. */
    String path();

    /** What this node is, in words for error messages ({@code a mapping}, {@code a string}, ...). */
    String describe();

    /** The node as plain Java values: {@code Map}, {@code List}, {@code String}, {@code Long},
     * {@code BigInteger}, {@code Double}, {@code Boolean} or null; maps drop null values. */
    Object toPlain();

    /** The path of field {@code name} under the node at {@code parent}. */
    static String childPath(String parent, String name) {
        String segment = YamlPaths.isSimpleKey(name)
                ? name : "[\"" + name.replace("\"", "\\\"") + "\"]";
        if (parent.isEmpty()) {
            return segment.startsWith("[") ? segment : name;
        }
        return segment.startsWith("[") ? parent + segment : parent + "." + segment;
    }

    /** The path of item {@code index} under the list at {@code parent}. */
    static String itemPath(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** A YAML mapping, with its entries in document order. */
    record MapNode(String file, int line, String path, Map<String, YamlNode> fields)
            implements YamlNode {
        public MapNode {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(path, "path");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** The value of {@code field}, or null when absent. */
        public YamlNode get(String field) {
            return fields.get(field);
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        @Override
        public Object toPlain() {
            Map<String, Object> out = new LinkedHashMap<>();
            fields.forEach((k, v) -> {
                Object plain = v.toPlain();
                if (plain != null) {
                    out.put(k, plain);
                }
            });
            return Collections.unmodifiableMap(out);
        }
    }

    /** A YAML sequence. */
    record ListNode(String file, int line, String path, List<YamlNode> items) implements YamlNode {
        public ListNode {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(path, "path");
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }

        @Override
        public Object toPlain() {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(i -> out.add(i.toPlain()));
            return Collections.unmodifiableList(out);
        }
    }

    /**
     * A YAML scalar with the type the YAML parser gave it ({@code 30} is an integer,
     * {@code "30"} and {@code 30s} are strings).
     *
     * @param type the scalar's type
     * @param text the text as written (for null: the empty string)
     * @param value the typed value: String, Long, BigInteger, Double, Boolean, or null
     */
    record Scalar(String file, int line, String path, ScalarType type, String text, Object value)
            implements YamlNode {
        public Scalar {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
            text = text == null ? "" : text;
        }

        /** Whether this is YAML null ({@code ~}, {@code null} or nothing). */
        public boolean isNull() {
            return type == ScalarType.NULL;
        }

        @Override
        public String describe() {
            return switch (type) {
                case STRING -> "a string \"" + text + "\"";
                case INT, FLOAT -> "a number " + text;
                case BOOLEAN -> "a boolean " + text;
                case NULL -> "null";
            };
        }

        @Override
        public Object toPlain() {
            return value instanceof BigInteger big && big.bitLength() < 64 ? big.longValue() : value;
        }
    }

    /** The type of a YAML scalar. */
    enum ScalarType {
        STRING, INT, FLOAT, BOOLEAN, NULL
    }
}
