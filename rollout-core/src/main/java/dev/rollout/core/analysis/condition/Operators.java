package dev.rollout.core.analysis.condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the nodes of unary, binary and ternary operators with expr's semantics. */
final class Operators {

    private static final int LT = 0;
    private static final int LE = 1;
    private static final int GT = 2;
    private static final int GE = 3;

    private Operators() {
    }

    /** Builds a binary operator node; {@code pos} is where the operator stands, for errors. */
    static Node binary(String op, Node left, Node right, Source src, int pos) {
        switch (op) {
            case "||":
            case "or":
                return (r, e) -> truth(left.eval(r, e), op, src, pos) || truth(right.eval(r, e), op, src, pos)
                        ? Boolean.TRUE : Boolean.FALSE;
            case "&&":
            case "and":
                return (r, e) -> truth(left.eval(r, e), op, src, pos) && truth(right.eval(r, e), op, src, pos)
                        ? Boolean.TRUE : Boolean.FALSE;
            case "==":
                return (r, e) -> Values.equal(left.eval(r, e), right.eval(r, e)) ? Boolean.TRUE : Boolean.FALSE;
            case "!=":
                return (r, e) -> Values.equal(left.eval(r, e), right.eval(r, e)) ? Boolean.FALSE : Boolean.TRUE;
            case "<":
                return comparison(LT, op, left, right, src, pos);
            case "<=":
                return comparison(LE, op, left, right, src, pos);
            case ">":
                return comparison(GT, op, left, right, src, pos);
            case ">=":
                return comparison(GE, op, left, right, src, pos);
            case "in":
                return (r, e) -> in(left.eval(r, e), right.eval(r, e), src, pos) ? Boolean.TRUE : Boolean.FALSE;
            case "not in":
                return (r, e) -> in(left.eval(r, e), right.eval(r, e), src, pos) ? Boolean.FALSE : Boolean.TRUE;
            case "??":
                return (r, e) -> {
                    Object value = left.eval(r, e);
                    return value != null ? value : right.eval(r, e);
                };
            default:
                return (r, e) -> arithmetic(op, left.eval(r, e), right.eval(r, e), src, pos);
        }
    }

    /** Builds {@code !x}, {@code not x}, {@code -x} or {@code +x}. */
    static Node unary(String op, Node operand, Source src, int pos) {
        if (op.equals("!") || op.equals("not")) {
            return (r, e) -> truth(operand.eval(r, e), op, src, pos) ? Boolean.FALSE : Boolean.TRUE;
        }
        boolean negate = op.equals("-");
        return (r, e) -> {
            Object value = operand.eval(r, e);
            if (Values.isInt(value)) {
                return negate ? -((Number) value).longValue() : (Object) ((Number) value).longValue();
            }
            if (value instanceof Number) {
                return negate ? -((Number) value).doubleValue() : ((Number) value).doubleValue();
            }
            throw src.evalError(pos, "unary '" + op + "' needs a number, got " + Values.describe(value));
        };
    }

    /** Builds {@code cond ? a : b}. */
    static Node ternary(Node condition, Node then, Node otherwise, Source src, int pos) {
        return (r, e) -> truth(condition.eval(r, e), "?", src, pos) ? then.eval(r, e) : otherwise.eval(r, e);
    }

    /**
     * Builds {@code container[index]}: a list by an int (a negative index counts from the end, as
     * in expr), or a map by a string key, which is {@code container.key}.
     */
    static Node index(Node container, Node index, Source src, int pos) {
        return (r, e) -> {
            Object value = container.eval(r, e);
            Object key = index.eval(r, e);
            if (value instanceof Map) {
                if (!(key instanceof String)) {
                    throw src.evalError(pos, "a map key must be a string, got " + Values.describe(key));
                }
                return member((Map<?, ?>) value, (String) key, src, pos);
            }
            if (!(value instanceof List)) {
                throw src.evalError(pos, "cannot index " + Values.describe(value)
                        + (value == null ? "" : ": it is a scalar, not a list or a map"));
            }
            if (!Values.isInt(key)) {
                throw src.evalError(pos, "a list index must be an int, got " + Values.describe(key));
            }
            List<?> elements = (List<?>) value;
            long i = ((Number) key).longValue();
            long effective = i < 0 ? i + elements.size() : i;
            if (effective < 0 || effective >= elements.size()) {
                throw src.evalError(pos, "index " + i + " out of range for a list of "
                        + elements.size() + " element(s)");
            }
            return elements.get((int) effective);
        };
    }

    /** Builds {@code container.name}, which only a map has. */
    static Node member(Node container, String name, Source src, int pos) {
        return (r, e) -> {
            Object value = container.eval(r, e);
            if (!(value instanceof Map)) {
                throw src.evalError(pos, "cannot read member '" + name + "' of " + Values.describe(value)
                        + (value == null ? "" : ": only a map has members"));
            }
            return member((Map<?, ?>) value, name, src, pos);
        };
    }

    // A missing member is an error rather than expr's nil: a typo in a field name would otherwise
    // read as "no data" on every measurement.
    private static Object member(Map<?, ?> map, String name, Source src, int pos) {
        Object value = map.get(name);
        if (value == null && !map.containsKey(name)) {
            throw src.evalError(pos, "no member '" + name + "' in " + Values.describe(map)
                    + Values.memberNames(map));
        }
        return value;
    }

    /** Builds a list literal such as {@code [1, 2, 3]}. */
    static Node list(List<Node> elements) {
        Node[] nodes = elements.toArray(new Node[0]);
        return (r, e) -> {
            List<Object> values = new ArrayList<>(nodes.length);
            for (Node node : nodes) {
                values.add(node.eval(r, e));
            }
            return values;
        };
    }

    /** The value of a boolean operand; anything else is an evaluation error, as in expr. */
    static boolean truth(Object value, String op, Source src, int pos) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw src.evalError(pos, "'" + op + "' needs a bool, got " + Values.describe(value));
    }

    private static Node comparison(int kind, String op, Node left, Node right, Source src, int pos) {
        if (right instanceof Constant && ((Constant) right).value() instanceof Double) {
            // The common shape `result[0] >= 0.95`: skip unboxing the constant on every evaluation.
            double limit = (Double) ((Constant) right).value();
            return (r, e) -> {
                Object value = left.eval(r, e);
                if (value instanceof Double) {
                    return test(kind, (Double) value, limit) ? Boolean.TRUE : Boolean.FALSE;
                }
                return compare(kind, op, value, limit, src, pos) ? Boolean.TRUE : Boolean.FALSE;
            };
        }
        return (r, e) -> compare(kind, op, left.eval(r, e), right.eval(r, e), src, pos) ? Boolean.TRUE : Boolean.FALSE;
    }

    private static boolean compare(int kind, String op, Object a, Object b, Source src, int pos) {
        if (a instanceof Number && b instanceof Number) {
            if (Values.isInt(a) && Values.isInt(b)) {
                return test(kind, Long.compare(((Number) a).longValue(), ((Number) b).longValue()), 0);
            }
            return test(kind, ((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        if (a instanceof String && b instanceof String) {
            return test(kind, ((String) a).compareTo((String) b), 0);
        }
        throw src.evalError(pos, "cannot compare " + Values.describe(a) + " " + op + " " + Values.describe(b));
    }

    // Primitive comparisons keep IEEE semantics: every comparison with NaN is false, as in Go.
    private static boolean test(int kind, double a, double b) {
        switch (kind) {
            case LT: return a < b;
            case LE: return a <= b;
            case GT: return a > b;
            default: return a >= b;
        }
    }

    private static boolean in(Object needle, Object haystack, Source src, int pos) {
        if (haystack instanceof List) {
            return Values.contains((List<?>) haystack, needle);
        }
        if (haystack instanceof Map) {
            return ((Map<?, ?>) haystack).containsKey(needle);
        }
        throw src.evalError(pos, "'in' needs a list or a map on its right, got " + Values.describe(haystack));
    }

    static Object arithmetic(String op, Object a, Object b, Source src, int pos) {
        if (op.equals("+") && a instanceof String && b instanceof String) {
            return (String) a + b;
        }
        if (op.equals("+") && a instanceof List && b instanceof List) {
            List<Object> joined = new ArrayList<>((List<?>) a);
            joined.addAll((List<?>) b);
            return joined;
        }
        if (!(a instanceof Number) || !(b instanceof Number)) {
            throw src.evalError(pos, "cannot apply '" + op + "' to " + Values.describe(a) + " and " + Values.describe(b));
        }
        boolean ints = Values.isInt(a) && Values.isInt(b);
        switch (op) {
            case "+":
                return ints ? (Object) (((Number) a).longValue() + ((Number) b).longValue())
                        : ((Number) a).doubleValue() + ((Number) b).doubleValue();
            case "-":
                return ints ? (Object) (((Number) a).longValue() - ((Number) b).longValue())
                        : ((Number) a).doubleValue() - ((Number) b).doubleValue();
            case "*":
                return ints ? (Object) (((Number) a).longValue() * ((Number) b).longValue())
                        : ((Number) a).doubleValue() * ((Number) b).doubleValue();
            case "/":
                // expr's '/' always divides as floats: 1 / 2 is 0.5 and 1 / 0 is +Inf.
                return ((Number) a).doubleValue() / ((Number) b).doubleValue();
            case "%":
                if (!ints) {
                    throw src.evalError(pos, "'%' needs two ints, got " + Values.describe(a) + " and " + Values.describe(b));
                }
                if (((Number) b).longValue() == 0) {
                    throw src.evalError(pos, "integer divide by zero");
                }
                return ((Number) a).longValue() % ((Number) b).longValue();
            default:
                return Math.pow(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
    }
}
