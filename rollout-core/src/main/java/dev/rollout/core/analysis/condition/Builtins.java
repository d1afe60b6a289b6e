package dev.rollout.core.analysis.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The functions a condition may call: Argo's helpers ({@code isNaN, isInf, asInt, asFloat}),
 * {@code len, isNil, default}, and expr's predicate builtins ({@code all(list, {# > 0})}).
 */
final class Builtins {

    /** Functions taking plain arguments, with their arity. */
    private static final Map<String, Integer> FUNCTIONS = Map.of(
            "len", 1, "isNaN", 1, "isInf", 1, "isNil", 1, "default", 2, "asInt", 1, "asFloat", 1);

    /** Functions taking a list and a predicate over {@code #}. */
    private static final Set<String> PREDICATES = Set.of("all", "any", "none", "one", "count", "filter", "map");

    // What Go's strconv.ParseFloat accepts in decimal form; Java's parser also takes "1d" or hex floats.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Builtins() {
    }

    static boolean isPredicate(String name) {
        return PREDICATES.contains(name);
    }

    static boolean isFunction(String name) {
        return FUNCTIONS.containsKey(name);
    }

    /** Every callable name, sorted, for "unknown function" messages. */
    static String known() {
        List<String> names = new ArrayList<>(FUNCTIONS.keySet());
        names.addAll(PREDICATES);
        names.sort(String.CASE_INSENSITIVE_ORDER);
        return String.join(", ", names);
    }

    /** The number of arguments a plain function takes. */
    static int arity(String name) {
        return FUNCTIONS.get(name);
    }

    /** Builds a call of a plain function whose arity the parser has checked. */
    static Node call(String name, List<Node> args, Source src, int pos) {
        Node arg = args.get(0);
        switch (name) {
            case "len":
                return (r, e) -> len(arg.eval(r, e), src, pos);
            case "isNaN":
                return (r, e) -> {
                    Object value = number(name, arg.eval(r, e), src, pos);
                    return !Values.isInt(value) && Double.isNaN(((Number) value).doubleValue());
                };
            case "isInf":
                return (r, e) -> {
                    Object value = number(name, arg.eval(r, e), src, pos);
                    return !Values.isInt(value) && Double.isInfinite(((Number) value).doubleValue());
                };
            case "isNil":
                return (r, e) -> arg.eval(r, e) == null ? Boolean.TRUE : Boolean.FALSE;
            case "default":
                Node fallback = args.get(1);
                return (r, e) -> {
                    Object value = arg.eval(r, e);
                    return value != null ? value : fallback.eval(r, e);
                };
            case "asInt":
                return (r, e) -> asInt(arg.eval(r, e), src, pos);
            case "asFloat":
                return (r, e) -> asFloat(arg.eval(r, e), src, pos);
            default:
                throw new IllegalArgumentException("not a function: " + name);
        }
    }

    /** Builds a predicate builtin; {@code body} sees each element of the list as {@code #}. */
    static Node predicate(String name, Node collection, Node body, Source src, int pos) {
        return (r, e) -> {
            Object value = collection.eval(r, e);
            if (!(value instanceof List)) {
                throw src.evalError(pos, name + "() needs a list, got " + Values.describe(value));
            }
            List<?> elements = (List<?>) value;
            if (name.equals("map")) {
                List<Object> mapped = new ArrayList<>(elements.size());
                for (Object element : elements) {
                    mapped.add(body.eval(r, element));
                }
                return mapped;
            }
            int matches = 0;
            List<Object> kept = name.equals("filter") ? new ArrayList<>() : null;
            for (Object element : elements) {
                boolean match = Operators.truth(body.eval(r, element), name + "() predicate", src, pos);
                if (match) {
                    matches++;
                    if (kept != null) {
                        kept.add(element);
                    }
                    if (name.equals("any")) {
                        return Boolean.TRUE;
                    }
                    if (name.equals("none")) {
                        return Boolean.FALSE;
                    }
                } else if (name.equals("all")) {
                    return Boolean.FALSE;
                }
            }
            switch (name) {
                case "all":
                case "none":
                    return Boolean.TRUE;
                case "any":
                    return Boolean.FALSE;
                case "one":
                    return matches == 1;
                case "count":
                    return (long) matches;
                default:
                    return kept;
            }
        };
    }

    private static Object len(Object value, Source src, int pos) {
        if (value instanceof String) {
            String s = (String) value;
            return (long) s.codePointCount(0, s.length());
        }
        if (value instanceof List) {
            return (long) ((List<?>) value).size();
        }
        if (value instanceof Map) {
            return (long) ((Map<?, ?>) value).size();
        }
        throw src.evalError(pos, "len() needs a string, a list or a map, got " + Values.describe(value));
    }

    private static Object number(String name, Object value, Source src, int pos) {
        if (value instanceof Number) {
            return value;
        }
        throw src.evalError(pos, name + "() needs a number, got " + Values.describe(value));
    }

    private static Object asInt(Object value, Source src, int pos) {
        if (Values.isInt(value)) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw src.evalError(pos, "asInt() cannot convert " + Values.describe(value) + " to an int");
            }
            return (long) d; // truncates toward zero, like Go's int64(f)
        }
        if (value instanceof String) {
            try {
                return Long.parseLong((String) value);
            } catch (NumberFormatException e) {
                throw src.evalError(pos, "asInt() cannot parse " + Values.describe(value) + " as an int");
            }
        }
        throw src.evalError(pos, "asInt() not supported on " + Values.describe(value));
    }

    private static Object asFloat(Object value, Source src, int pos) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            String s = (String) value;
            switch (s.toLowerCase(Locale.ROOT)) {
                case "nan":
                    return Double.NaN;
                case "inf": case "+inf": case "infinity": case "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf": case "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    if (DECIMAL.matcher(s).matches()) {
                        return Double.parseDouble(s);
                    }
                    throw src.evalError(pos, "asFloat() cannot parse " + Values.describe(value) + " as a float");
            }
        }
        throw src.evalError(pos, "asFloat() not supported on " + Values.describe(value));
    }
}
