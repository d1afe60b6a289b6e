package dev.rollout.core.provider.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small JSONPath subset over Jackson trees, enough for metric endpoints: Argo's braced form
 * {@code {$.data.ok}} and plain {@code $.a.b[0]}; fields by {@code .name} or {@code ['name']},
 * array indexes (negative counts from the end), and wildcards {@code [*]} / {@code .*}. A path
 * without wildcards selects at most one node; with wildcards, every match in document order.
 * Immutable and thread-safe.
 */
public final class JsonPath {
    private sealed interface Step permits Field, Index, Wildcard {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private JsonPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the position and what was expected
     */
    public static JsonPath parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("jsonPath is empty");
        }
        int i = 0;
        if (s.charAt(0) == '$') {
            i = 1;
        } else if (s.charAt(0) != '.' && s.charAt(0) != '[') {
            s = "." + s;
        }
        List<Step> steps = new ArrayList<>();
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '.') {
                int start = ++i;
                if (i < s.length() && s.charAt(i) == '*') {
                    steps.add(new Wildcard());
                    i++;
                    continue;
                }
                while (i < s.length() && s.charAt(i) != '.' && s.charAt(i) != '[') {
                    i++;
                }
                if (i == start) {
                    throw bad(text, start, "a field name");
                }
                steps.add(new Field(s.substring(start, i)));
            } else if (c == '[') {
                int close = s.indexOf(']', i);
                if (close < 0) {
                    throw bad(text, i, "a closing ]");
                }
                String inner = s.substring(i + 1, close).strip();
                if (inner.equals("*")) {
                    steps.add(new Wildcard());
                } else if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    steps.add(new Field(inner.substring(1, inner.length() - 1)));
                } else {
                    try {
                        steps.add(new Index(Integer.parseInt(inner)));
                    } catch (NumberFormatException e) {
                        throw bad(text, i + 1, "an index, * or a quoted name inside [ ]");
                    }
                }
                i = close + 1;
            } else {
                throw bad(text, i, ". or [");
            }
        }
        return new JsonPath(text, steps);
    }

    private static IllegalArgumentException bad(String text, int at, String expected) {
        return new IllegalArgumentException("jsonPath \"" + text + "\": expected " + expected
                + " at position " + at);
    }

    /** Whether the path can match several nodes. */
    public boolean hasWildcard() {
        return steps.stream().anyMatch(Wildcard.class::isInstance);
    }

    /** The nodes {@code root} holds at this path, in document order; empty when none. */
    public List<JsonNode> select(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (step instanceof Field f) {
                    JsonNode child = node.isObject() ? node.get(f.name()) : null;
                    if (child != null) {
                        next.add(child);
                    }
                } else if (step instanceof Index idx) {
                    if (node.isArray()) {
                        int i = idx.index() < 0 ? node.size() + idx.index() : idx.index();
                        if (i >= 0 && i < node.size()) {
                            next.add(node.get(i));
                        }
                    }
                } else {
                    node.elements().forEachRemaining(next::add);
                }
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return text;
    }
}
