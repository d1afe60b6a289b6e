package dev.rollout.core.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and substitutes {@code {{args.name}}} placeholders in text and in provider blocks. */
final class Placeholders {
    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([^}\\s]+)\\s*}}");

    private Placeholders() {
    }

    /** Whether {@code text} holds at least one placeholder. */
    public static boolean has(String text) {
        return text != null && ARG.matcher(text).find();
    }

    /** The names of the args that {@code value} (text, map or list, searched deeply) refers to. */
    public static Set<String> names(Object value) {
        Set<String> names = new LinkedHashSet<>();
        collect(value, names);
        return names;
    }

    private static void collect(Object value, Set<String> names) {
        if (value instanceof String s) {
            Matcher m = ARG.matcher(s);
            while (m.find()) {
                names.add(m.group(1));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, names));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, names));
        }
    }

    /**
     * Replaces every placeholder in {@code text} with its arg's value.
     *
     * @throws IllegalArgumentException naming the first arg that has no value
     */
    public static String substitute(String text, Map<String, String> args) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        Matcher m = ARG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("{{args." + m.group(1) + "}} has no value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Substitutes deeply in a provider block; the result is immutable. */
    public static Object substituteDeep(Object value, Map<String, String> args) {
        if (value instanceof String s) {
            return substitute(s, args);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), substituteDeep(v, args)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(substituteDeep(v, args)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
