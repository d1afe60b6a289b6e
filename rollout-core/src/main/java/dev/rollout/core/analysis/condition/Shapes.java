package dev.rollout.core.analysis.condition;

import dev.rollout.core.analysis.condition.Comparison;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the parser learned about the shape of the nodes it built, kept only for the few shapes a
 * {@link Comparison} describes: the measurement ({@code result}, {@code result[0]},
 * {@code default(result, c)}, {@code asFloat(result)}, {@code asInt(result)}), a guard against
 * no data or NaN ({@code isNaN(result)}, {@code isNil(result)}, {@code isInf(result)},
 * {@code len(result) == 0}, joined by {@code ||}), and a comparison of the measurement with a
 * number, optionally or-ed with a guard (a guard does not move the line). Every other node has
 * no shape, and a condition whose root has none describes no comparison.
 */
final class Shapes {
    private sealed interface Shape {
    }

    private record Measured(String text) implements Shape {
    }

    private record Length() implements Shape {
    }

    private record Guard() implements Shape {
    }

    private record Compared(Comparison comparison) implements Shape {
    }

    private final Map<Node, Shape> shapes = new IdentityHashMap<>();

    /** {@code result} itself. */
    Node result(Node node) {
        shapes.put(node, new Measured("result"));
        return node;
    }

    /** {@code container[index]}: the measurement when it is {@code result[0]}. */
    Node indexed(Node node, Node container, Node index) {
        if (shapes.get(container) instanceof Measured m && m.text().equals("result")
                && index instanceof Constant c && Values.isInt(c.value())
                && ((Number) c.value()).longValue() == 0) {
            shapes.put(node, new Measured("result[0]"));
        }
        return node;
    }

    /** A call of a built-in function. */
    Node called(Node node, String function, List<Node> args) {
        if (args.isEmpty() || !(shapes.get(args.get(0)) instanceof Measured m)) {
            return node;
        }
        switch (function) {
            case "asFloat", "asInt" -> shapes.put(node, new Measured(function + "(" + m.text() + ")"));
            case "default" -> {
                if (args.get(1) instanceof Constant c) {
                    shapes.put(node, new Measured("default(" + m.text() + ", " + literal(c.value()) + ")"));
                }
            }
            case "isNaN", "isNil", "isInf" -> shapes.put(node, new Guard());
            case "len" -> shapes.put(node, new Length());
            default -> {
                // any other function hides the measurement
            }
        }
        return node;
    }

    /** A binary operator: a comparison with a number, a guard, or a guard or-ed with either. */
    Node binary(Node node, String op, Node left, Node right) {
        Shape l = shapes.get(left);
        Shape r = shapes.get(right);
        switch (op) {
            case "||", "or" -> {
                if (l instanceof Guard && (r instanceof Guard || r instanceof Compared)) {
                    shapes.put(node, r);
                } else if (l instanceof Compared && r instanceof Guard) {
                    shapes.put(node, l);
                }
            }
            case "==", "<", "<=", ">", ">=" -> {
                if (op.equals("==") && l instanceof Length && isZero(right)) {
                    shapes.put(node, new Guard());
                } else if (l instanceof Measured m && number(right) != null) {
                    shapes.put(node, new Compared(new Comparison(m.text(), op, number(right))));
                } else if (r instanceof Measured m && number(left) != null) {
                    shapes.put(node, new Compared(new Comparison(m.text(), flip(op), number(left))));
                }
            }
            default -> {
                // arithmetic or another operator: not a shape we draw
            }
        }
        return node;
    }

    /** The comparison the whole condition is, if it is one. */
    Optional<Comparison> comparison(Node root) {
        return shapes.get(root) instanceof Compared c ? Optional.of(c.comparison()) : Optional.empty();
    }

    private static Double number(Node node) {
        return node instanceof Constant c && c.value() instanceof Number n ? n.doubleValue() : null;
    }

    private static boolean isZero(Node node) {
        Double n = number(node);
        return n != null && n == 0;
    }

    private static String literal(Object value) {
        return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }
}
