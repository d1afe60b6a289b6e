package dev.rollout.core.analysis.condition;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runtime semantics of values, following antonmedv/expr: numbers compare across int and float. */
final class Values {

    private Values() {
    }

    /** True for the Java types that stand for expr's int (everything else numeric is a float). */
    static boolean isInt(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte;
    }

    static boolean isNumber(Object value) {
        return value instanceof Number;
    }

    /** The type name used in messages, as a Go programmer reading Argo's errors would expect. */
    static String typeName(Object value) {
        if (value == null) {
            return "nil";
        }
        if (isInt(value)) {
            return "int";
        }
        if (value instanceof Number) {
            return "float";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "map";
        }
        return value.getClass().getSimpleName();
    }

    /** A short description of a value for error messages; lists are summarized, not dumped. */
    static String describe(Object value) {
        if (value == null) {
            return "nil (no data)";
        }
        if (value instanceof String) {
            String s = (String) value;
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (value instanceof List) {
            return "list of " + ((List<?>) value).size() + " element(s)";
        }
        if (value instanceof Map) {
            return "map of " + ((Map<?, ?>) value).size() + " member(s)";
        }
        return typeName(value) + " " + value;
    }

    /** Equality as in expr: numeric across int and float, deep on lists, false across types. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number && b instanceof Number) {
            if (isInt(a) && isInt(b)) {
                return ((Number) a).longValue() == ((Number) b).longValue();
            }
            return ((Number) a).doubleValue() == ((Number) b).doubleValue();
        }
        if (a instanceof List && b instanceof List) {
            List<?> left = (List<?>) a;
            List<?> right = (List<?>) b;
            if (left.size() != right.size()) {
                return false;
            }
            for (int i = 0; i < left.size(); i++) {
                if (!equal(left.get(i), right.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map && b instanceof Map) {
            Map<?, ?> left = (Map<?, ?>) a;
            Map<?, ?> right = (Map<?, ?>) b;
            if (left.size() != right.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : left.entrySet()) {
                if (!right.containsKey(entry.getKey()) || !equal(entry.getValue(), right.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** The first members of a map, for "no member" messages: {@code " (members: a, b)"}. */
    static String memberNames(Map<?, ?> map) {
        if (map.isEmpty()) {
            return "";
        }
        String names = map.keySet().stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
        return " (members: " + names + (map.size() > 10 ? ", ..." : "") + ")";
    }

    /** True if {@code list} holds an element equal to {@code needle}. */
    static boolean contains(List<?> list, Object needle) {
        for (Object element : list) {
            if (equal(element, needle)) {
                return true;
            }
        }
        return false;
    }
}
