package dev.rollout.core.yaml;

import dev.rollout.api.Durations;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Typed reading of {@link YamlNode}s that records a problem (file, line, field path, what was
 * expected and what was found) instead of throwing, and returns an empty result for the value in
 * question, so that one pass over a document finds every problem in it.
 *
 * <p>Values are read with Kubernetes' strictness: {@code replicas: "3"} is not an integer and
 * {@code name: 5} is not a string; YAML null counts as absent. Start with
 * {@link #object(YamlNode, String...)}, which declares an object's known fields and reports any
 * other field as unknown. Not thread-safe: one instance per load.
 */
public final class SpecReader {
    private final Problems problems;

    /** A reader recording into {@code problems}. */
    public SpecReader(Problems problems) {
        this.problems = Objects.requireNonNull(problems, "problems");
    }

    /** The problems recorded so far (shared with every object read through this reader). */
    public Problems problems() {
        return problems;
    }

    /**
     * Reads {@code node} as an object with the given known fields; every other field is recorded
     * as unknown. When {@code node} is not a mapping, a problem is recorded and the returned object
     * is {@linkplain YamlObject#isPresent() absent}, answering every field as missing without
     * further problems.
     */
    public YamlObject object(YamlNode node, String... knownFields) {
        return object(node, Arrays.asList(knownFields));
    }

    /** As {@link #object(YamlNode, String...)}. */
    public YamlObject object(YamlNode node, Collection<String> knownFields) {
        Objects.requireNonNull(node, "node");
        Set<String> known = new LinkedHashSet<>(knownFields);
        if (!(node instanceof YamlNode.MapNode map)) {
            problems.add(node, "must be a mapping, was " + node.describe());
            return new YamlObject(this, node, null);
        }
        map.fields().forEach((name, child) -> {
            if (!known.contains(name)) {
                problems.add(child, unknownFieldMessage(name, known));
            }
        });
        return new YamlObject(this, node, map);
    }

    /** Reads a string; numbers and booleans are rejected, as Kubernetes does. */
    public Optional<String> string(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING) {
            return Optional.of(s.text());
        }
        return mismatch(node, "a string", hint(node));
    }

    /** Reads a 32-bit integer. */
    public OptionalInt integer(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INT) {
            BigInteger value = s.value() instanceof Long l ? BigInteger.valueOf(l)
                    : (BigInteger) s.value();
            if (value.bitLength() < 32) {
                return OptionalInt.of(value.intValue());
            }
            problems.add(node, "must be a 32-bit integer, was " + s.text());
            return OptionalInt.empty();
        }
        mismatch(node, "an integer", "");
        return OptionalInt.empty();
    }

    /** Reads an integer in {@code min..max} (either bound may be {@code Integer.MIN/MAX_VALUE}). */
    public OptionalInt intInRange(YamlNode node, int min, int max) {
        OptionalInt value = integer(node);
        if (value.isPresent() && (value.getAsInt() < min || value.getAsInt() > max)) {
            problems.add(node, "must be " + range(min, max) + ", was " + value.getAsInt());
            return OptionalInt.empty();
        }
        return value;
    }

    /** Reads {@code true} or {@code false}. */
    public Optional<Boolean> bool(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.BOOLEAN) {
            return Optional.of((Boolean) s.value());
        }
        return mismatch(node, "true or false", "");
    }

    /**
     * Reads a duration: a string in Go syntax ({@code 30s}, {@code 1h30m}) or a bare number of
     * seconds, see {@link Durations#parse(String)}.
     */
    public Optional<Duration> duration(YamlNode node) {
        if (node instanceof YamlNode.Scalar s
                && (s.type() == YamlNode.ScalarType.STRING || s.type() == YamlNode.ScalarType.INT)) {
            try {
                return Optional.of(Durations.parse(s.text()));
            } catch (IllegalArgumentException e) {
                problems.add(node, e.getMessage());
                return Optional.empty();
            }
        }
        return mismatch(node, "a duration such as 30s, 5m, 1h or a number of seconds", "");
    }

    /**
     * Reads a duration string in Go's syntax only ({@code 30s}, {@code 5m}; no bare numbers), see
     * {@link Durations#parseGo(String)}.
     */
    public Optional<Duration> goDuration(YamlNode node) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING) {
            try {
                return Optional.of(Durations.parseGo(s.text()));
            } catch (IllegalArgumentException e) {
                problems.add(node, e.getMessage());
                return Optional.empty();
            }
        }
        return mismatch(node, "a duration string such as 30s, 5m or 1h", "");
    }

    /** Reads a list; the items are returned as nodes for the caller to read. */
    public Optional<List<YamlNode>> list(YamlNode node) {
        if (node instanceof YamlNode.ListNode list) {
            return Optional.of(list.items());
        }
        return mismatch(node, "a list", "");
    }

    /** Reads a mapping of strings to strings, such as labels; entries in error are left out. */
    public Map<String, String> stringMap(YamlNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(node instanceof YamlNode.MapNode map)) {
            mismatch(node, "a mapping of strings", "");
            return out;
        }
        map.fields().forEach((k, v) -> string(v).ifPresent(s -> out.put(k, s)));
        return out;
    }

    private <T> Optional<T> mismatch(YamlNode node, String expected, String hint) {
        problems.add(node, "must be " + expected + ", was " + node.describe() + hint);
        return Optional.empty();
    }

    private static String hint(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.type() != YamlNode.ScalarType.NULL
                && s.type() != YamlNode.ScalarType.STRING ? " (quote it to make it a string)" : "";
    }

    static String range(int min, int max) {
        if (min == Integer.MIN_VALUE) {
            return "at most " + max;
        }
        if (max == Integer.MAX_VALUE) {
            return "at least " + min;
        }
        return min + ".." + max;
    }

    static String unknownFieldMessage(String name, Set<String> known) {
        String closest = null;
        int best = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < best) {
                best = distance;
                closest = candidate;
            }
        }
        if (closest == null || best > Math.max(1, Math.min(3, name.length() / 3))) {
            // A field written short ("template" for "templateName") is a likely mistake too.
            closest = known.stream().filter(k -> name.length() >= 4
                    && k.toLowerCase().startsWith(name.toLowerCase())).findFirst().orElse(null);
            best = closest == null ? best : 0;
        }
        if (closest != null && best <= Math.max(1, Math.min(3, name.length() / 3))) {
            return "unknown field, did you mean " + closest + "?";
        }
        return known.isEmpty() ? "unknown field, none are allowed here"
                : "unknown field, expected one of: " + String.join(", ", known);
    }

    /** Edit distance where swapping two neighbours counts as one edit ("nmae" for "name"). */
    private static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
                        && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
