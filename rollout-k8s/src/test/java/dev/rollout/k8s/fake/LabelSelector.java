package dev.rollout.k8s.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed {@code labelSelector} query: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)},
 * {@code a notin (x,y)}, {@code a}, {@code !a}, joined by commas (all must hold).
 */
public final class LabelSelector implements Predicate<Map<String, String>> {
    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelector(List<Predicate<Map<String, String>>> requirements) {
        this.requirements = requirements;
    }

    /** Parses a selector; a null or blank one matches everything. */
    public static LabelSelector parse(String selector) {
        List<Predicate<Map<String, String>>> out = new ArrayList<>();
        if (selector != null) {
            for (String part : splitTopLevel(selector)) {
                String term = part.trim();
                if (!term.isEmpty()) {
                    out.add(requirement(term));
                }
            }
        }
        return new LabelSelector(List.copyOf(out));
    }

    @Override
    public boolean test(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.test(labels));
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static Predicate<Map<String, String>> requirement(String term) {
        String[] words = term.split("\\s+", 3);
        if (words.length == 3 && ("in".equals(words[1]) || "notin".equals(words[1]))) {
            String key = words[0];
            Set<String> values = valueSet(words[2], term);
            return "in".equals(words[1])
                    ? labels -> values.contains(labels.get(key))
                    : labels -> !values.contains(labels.get(key));
        }
        int ne = term.indexOf("!=");
        if (ne > 0) {
            String key = term.substring(0, ne).trim();
            String value = term.substring(ne + 2).trim();
            return labels -> !value.equals(labels.get(key));
        }
        int eq = term.indexOf('=');
        if (eq > 0) {
            String key = term.substring(0, eq).trim();
            String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return labels -> value.equals(labels.get(key));
        }
        if (term.startsWith("!")) {
            String key = term.substring(1).trim();
            return labels -> !labels.containsKey(key);
        }
        if (term.matches("[A-Za-z0-9./_-]+")) {
            return labels -> labels.containsKey(term);
        }
        throw StatusError.badRequest("unable to parse requirement: " + term);
    }

    private static Set<String> valueSet(String list, String term) {
        String trimmed = list.trim();
        if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
            throw StatusError.badRequest("unable to parse requirement: " + term);
        }
        Set<String> values = new java.util.HashSet<>();
        for (String v : trimmed.substring(1, trimmed.length() - 1).split(",")) {
            values.add(v.trim());
        }
        return values;
    }
}
