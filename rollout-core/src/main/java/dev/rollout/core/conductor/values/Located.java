package dev.rollout.core.conductor.values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a values tree and where it was written. The value is a {@code Map<String,
 * Located>} (a mapping, merged key by key), a plain immutable {@code List<Object>} (a list, always
 * replaced whole, so its items need no locations), a {@code String}, {@code Long},
 * {@code Double} or {@code Boolean}, or null (YAML null: a deletion until the merge ends).
 *
 * @param value the value, as above
 * @param text the scalar as written in the file (floats keep their spelling), else empty
 * @param at where the value's key was written
 */
record Located(Object value, String text, Provenance at) {

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isNull() {
        return value == null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Located> map() {
        return (Map<String, Located>) value;
    }

    /** The same key location holding another map. */
    Located withMap(Map<String, Located> fields) {
        return new Located(Collections.unmodifiableMap(fields), "", at);
    }

    /** What the value is, in words for error messages. */
    String describe() {
        return describe(value, text);
    }

    static String describe(Object value, String text) {
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof String s) {
            return "a string \"" + s + "\"";
        }
        if (value instanceof Boolean b) {
            return "a boolean " + b;
        }
        if (value instanceof Number n) {
            return "a number " + (text.isEmpty() ? n.toString() : text);
        }
        return "null";
    }

    /** The value as plain immutable Java values, every null-valued map entry left out. */
    Object plain() {
        if (value instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map().forEach((k, v) -> {
                if (!v.isNull()) {
                    out.put(k, v.plain());
                }
            });
            return Collections.unmodifiableMap(out);
        }
        return value;
    }

    /** A plain list item or map value with the null-valued entries of nested maps left out. */
    static Object withoutNullEntries(Object plain) {
        if (plain instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (v != null) {
                    out.put((String) k, withoutNullEntries(v));
                }
            });
            return Collections.unmodifiableMap(out);
        }
        if (plain instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(i -> out.add(withoutNullEntries(i)));
            return Collections.unmodifiableList(out);
        }
        return plain;
    }
}
