package dev.rollout.core.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * A YAML mapping read as an object with declared fields, made by
 * {@link SpecReader#object(YamlNode, String...)}. Each getter records a problem naming the file,
 * line and field path when the value is missing (for required fields) or has the wrong type, and
 * then answers empty; YAML null counts as absent. An object whose node was not a mapping is
 * {@linkplain #isPresent() absent}: it answers every field as missing without adding problems, so
 * one mistake is reported once.
 */
public final class YamlObject {
    private final SpecReader reader;
    private final YamlNode node;
    private final YamlNode.MapNode map;

    YamlObject(SpecReader reader, YamlNode node, YamlNode.MapNode map) {
        this.reader = reader;
        this.node = node;
        this.map = map;
    }

    /** The node this object was read from. */
    public YamlNode node() {
        return node;
    }

    /** The reader this object records its problems through. */
    public SpecReader reader() {
        return reader;
    }

    /** Whether the node was a mapping; when false every field reads as missing. */
    public boolean isPresent() {
        return map != null;
    }

    /** Whether {@code field} is set to a non-null value. */
    public boolean has(String field) {
        return get(field).isPresent();
    }

    /** The value of {@code field}, empty when absent or null. */
    public Optional<YamlNode> get(String field) {
        if (map == null) {
            return Optional.empty();
        }
        YamlNode value = map.get(field);
        if (value == null || value instanceof YamlNode.Scalar s && s.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** Records that {@code field} is required and missing; does nothing for an absent object. */
    public void missing(String field) {
        if (map != null) {
            reader.problems().addField(node, field, "is required");
        }
    }

    /** Records a problem about this object as a whole; does nothing for an absent object. */
    public void problem(String message) {
        if (map != null) {
            reader.problems().add(node, message);
        }
    }

    /** A required string; null only when a problem was recorded (or the object is absent). */
    public String requiredString(String field) {
        Optional<YamlNode> value = get(field);
        if (value.isEmpty()) {
            missing(field);
            return null;
        }
        Optional<String> s = reader.string(value.get());
        if (s.isPresent() && s.get().isBlank()) {
            reader.problems().add(value.get(), "must not be empty");
            return null;
        }
        return s.orElse(null);
    }

    /** An optional string. */
    public Optional<String> optionalString(String field) {
        return get(field).flatMap(reader::string);
    }

    /** An optional 32-bit integer. */
    public OptionalInt optionalInt(String field) {
        Optional<YamlNode> value = get(field);
        return value.isPresent() ? reader.integer(value.get()) : OptionalInt.empty();
    }

    /** An optional integer in {@code min..max}. */
    public OptionalInt intInRange(String field, int min, int max) {
        Optional<YamlNode> value = get(field);
        return value.isPresent() ? reader.intInRange(value.get(), min, max) : OptionalInt.empty();
    }

    /** An integer in {@code min..max}, {@code defaultValue} when absent or in error. */
    public int intInRange(String field, int min, int max, int defaultValue) {
        return intInRange(field, min, max).orElse(defaultValue);
    }

    /** A non-negative integer, {@code defaultValue} when absent or in error. */
    public int nonNegativeInt(String field, int defaultValue) {
        return intInRange(field, 0, Integer.MAX_VALUE, defaultValue);
    }

    /** An optional boolean. */
    public Optional<Boolean> optionalBoolean(String field) {
        return get(field).flatMap(reader::bool);
    }

    /** A boolean, {@code defaultValue} when absent or in error. */
    public boolean booleanOr(String field, boolean defaultValue) {
        return optionalBoolean(field).orElse(defaultValue);
    }

    /** An optional duration ({@code 30s}, {@code 1h30m}, or a number of seconds). */
    public Optional<Duration> duration(String field) {
        return get(field).flatMap(reader::duration);
    }

    /** An optional duration string in Go's syntax ({@code 30s}, {@code 5m}; no bare numbers). */
    public Optional<Duration> goDuration(String field) {
        return get(field).flatMap(reader::goDuration);
    }

    /** An optional nested object with the given known fields. */
    public Optional<YamlObject> object(String field, String... knownFields) {
        return get(field).map(v -> reader.object(v, knownFields));
    }

    /** A required nested object; absent (with a problem recorded) when missing. */
    public YamlObject requiredObject(String field, String... knownFields) {
        Optional<YamlNode> value = get(field);
        if (value.isEmpty()) {
            missing(field);
            return new YamlObject(reader, node, null);
        }
        return reader.object(value.get(), knownFields);
    }

    /** An optional list's items; empty when absent or not a list. */
    public List<YamlNode> list(String field) {
        return get(field).flatMap(reader::list).orElse(List.of());
    }

    /** An optional mapping of strings to strings, such as labels; empty when absent. */
    public Map<String, String> stringMap(String field) {
        return get(field).map(reader::stringMap).orElse(Map.of());
    }

    /**
     * Checks that exactly one of {@code fields} is set and answers it; otherwise records a problem
     * on this object (naming the fields) and answers empty.
     */
    public Optional<String> exactlyOne(String... fields) {
        List<String> set = setFields(fields);
        if (set.size() == 1) {
            return Optional.of(set.get(0));
        }
        problem(set.isEmpty()
                ? "must set exactly one of " + String.join(", ", fields)
                : "must set exactly one of " + String.join(", ", fields) + ", found "
                        + String.join(" and ", set));
        return Optional.empty();
    }

    /**
     * Checks that at most one of {@code fields} is set and answers it; otherwise records a problem
     * on this object and answers empty.
     */
    public Optional<String> atMostOne(String... fields) {
        List<String> set = setFields(fields);
        if (set.size() > 1) {
            problem("must set at most one of " + String.join(", ", fields) + ", found "
                    + String.join(" and ", set));
            return Optional.empty();
        }
        return set.stream().findFirst();
    }

    /** The names of the fields set, in document order. */
    public List<String> fieldNames() {
        return map == null ? List.of() : map.fields().entrySet().stream()
                .filter(e -> !(e.getValue() instanceof YamlNode.Scalar s && s.isNull()))
                .map(Map.Entry::getKey).collect(Collectors.toList());
    }

    private List<String> setFields(String... fields) {
        List<String> set = new ArrayList<>();
        List<String> wanted = Arrays.asList(fields);
        for (String name : fieldNames()) {
            if (wanted.contains(name)) {
                set.add(name);
            }
        }
        return set;
    }
}
