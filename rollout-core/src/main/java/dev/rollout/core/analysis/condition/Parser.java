package dev.rollout.core.analysis.condition;

import dev.rollout.core.analysis.condition.Comparison;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A precedence-climbing parser for expr's syntax that compiles straight to a tree of closures.
 * Precedences follow expr: {@code ?:} lowest, then {@code || or} 10, {@code && and} 15,
 * comparisons and {@code in} 20, {@code + -} 30, unary {@code ! not} 50, {@code * / %} 60,
 * unary {@code - +} 90, {@code ** ^} 100 (right-associative), {@code ??} 500; then indexing
 * and member access ({@code a[0]}, {@code a.b}, {@code a["b"]}).
 *
 * <p>Bounded so that no input can exhaust the stack or take long: at most {@link #MAX_LENGTH}
 * characters and {@link #MAX_TOKENS} tokens, and no compiled tree (which is evaluated by
 * recursion) higher than {@link #MAX_DEPTH}, whether by parentheses, a chain of indexes or a long
 * run of one operator.
 */
final class Parser {

    private static final int UNARY_NOT = 50;
    private static final int UNARY_SIGN = 90;
    /** The longest condition accepted, in characters. */
    static final int MAX_LENGTH = 10_000;
    /** The most tokens a condition may have. */
    static final int MAX_TOKENS = 2_000;
    /** The highest a compiled tree may be, and the deepest the parser recurses. */
    static final int MAX_DEPTH = 200;

    private final Source src;
    private final List<Token> tokens;
    private int next;
    private int predicateDepth;
    private int depth;
    // The height of each compiled node above its leaves; leaves are absent (height 1).
    private final Map<Node, Integer> heights = new IdentityHashMap<>();
    private final Shapes shapes = new Shapes();

    private Parser(Source src) {
        this.src = src;
        this.tokens = Lexer.tokenize(src, MAX_TOKENS);
    }

    /** A compiled condition and the comparison it describes, if it is a simple one. */
    record Parsed(Node root, Optional<Comparison> comparison) {
    }

    /** Parses and compiles a whole condition. */
    static Parsed parse(Source src) {
        if (src.text().length() > MAX_LENGTH) {
            throw src.syntaxError(0, "the condition is " + src.text().length()
                    + " characters long, at most " + MAX_LENGTH + " are accepted");
        }
        Parser parser = new Parser(src);
        if (parser.peek().kind() == Token.Kind.END) {
            throw src.syntaxError(0, "the condition is empty, expected an expression");
        }
        Node root = parser.expression(0);
        Token rest = parser.peek();
        if (rest.kind() != Token.Kind.END) {
            throw src.syntaxError(rest.offset(), "expected an operator or the end of the condition but found "
                    + rest.describe());
        }
        return new Parsed(root, parser.shapes.comparison(root));
    }

    private Node expression(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw tooDeep(peek().offset());
        }
        Node left = unary();
        while (true) {
            Token token = peek();
            if (token.is("?") && minPrecedence == 0) {
                advance();
                Node then = expression(0);
                expect(":", "to separate the branches of '?'");
                Node otherwise = expression(0);
                left = built(Operators.ternary(left, then, otherwise, src, token.offset()), token,
                        left, then, otherwise);
                continue;
            }
            String op = binaryOperator(token);
            if (op == null || precedence(op) < minPrecedence) {
                break;
            }
            advance();
            if (op.equals("not in")) {
                advance();
            }
            boolean rightAssociative = op.equals("**") || op.equals("^");
            Node right = expression(rightAssociative ? precedence(op) : precedence(op) + 1);
            left = shapes.binary(built(Operators.binary(op, left, right, src, token.offset()), token, left, right),
                    op, left, right);
        }
        depth--;
        return left;
    }

    /** Records the height of a node built over {@code children}, refusing a tree too high. */
    private Node built(Node node, Token at, Node... children) {
        int height = 1;
        for (Node child : children) {
            height = Math.max(height, heights.getOrDefault(child, 1) + 1);
        }
        if (height > MAX_DEPTH) {
            throw tooDeep(at.offset());
        }
        heights.put(node, height);
        return node;
    }

    private RuntimeException tooDeep(int offset) {
        return src.syntaxError(offset, "the condition nests deeper than " + MAX_DEPTH
                + " levels (parentheses, operators, indexes and calls all count)");
    }

    private String binaryOperator(Token token) {
        if (token.kind() == Token.Kind.NAME) {
            if (token.is("and") || token.is("or") || token.is("in")) {
                return token.text();
            }
            if (token.is("not") && tokens.get(next + 1).is("in")) {
                return "not in";
            }
            return null;
        }
        if (token.kind() != Token.Kind.OPERATOR) {
            return null;
        }
        return precedence(token.text()) > 0 ? token.text() : null;
    }

    private static int precedence(String op) {
        switch (op) {
            case "||": case "or": return 10;
            case "&&": case "and": return 15;
            case "==": case "!=": case "<": case "<=": case ">": case ">=": case "in": case "not in": return 20;
            case "+": case "-": return 30;
            case "*": case "/": case "%": return 60;
            case "**": case "^": return 100;
            case "??": return 500;
            default: return 0;
        }
    }

    private Node unary() {
        Token token = peek();
        if (token.is("!") || token.is("not")) {
            advance();
            Node operand = expression(UNARY_NOT);
            return built(Operators.unary(token.text(), operand, src, token.offset()), token, operand);
        }
        if (token.is("-") || token.is("+")) {
            advance();
            Node operand = expression(UNARY_SIGN);
            Node node = Operators.unary(token.text(), operand, src, token.offset());
            // Fold signed literals so `result > -1.5` still compares against a constant.
            return operand instanceof Constant && ((Constant) operand).value() instanceof Number
                    ? new Constant(node.eval(null, null)) : built(node, token, operand);
        }
        return postfix(primary());
    }

    private Node postfix(Node node) {
        while (true) {
            Token token = peek();
            if (token.is("[") && token.kind() == Token.Kind.OPERATOR) {
                advance();
                Node index = expression(0);
                expect("]", "to close the index opened at " + src.where(token.offset()));
                node = shapes.indexed(built(Operators.index(node, index, src, token.offset()), token, node, index),
                        node, index);
            } else if (token.is(".") && token.kind() == Token.Kind.OPERATOR) {
                advance();
                node = built(Operators.member(node, memberName(token), src, token.offset()), token, node);
            } else {
                return node;
            }
        }
    }

    /** The name after a {@code .}; any word is a member name there, keywords included. */
    private String memberName(Token dot) {
        Token name = advance();
        if (name.kind() != Token.Kind.NAME) {
            throw src.syntaxError(name.offset(), "expected a member name after '.' at "
                    + src.where(dot.offset()) + " but found " + name.describe());
        }
        return name.text();
    }

    private Node primary() {
        Token token = advance();
        switch (token.kind()) {
            case NUMBER:
            case STRING:
                return new Constant(token.value());
            case NAME:
                return name(token);
            case END:
                throw src.syntaxError(token.offset(), "expected an operand but the condition ends here");
            default:
                break;
        }
        if (token.is("(")) {
            Node inner = expression(0);
            expect(")", "to close the '(' at " + src.where(token.offset()));
            return inner;
        }
        if (token.is("[")) {
            return listLiteral(token);
        }
        if (token.is("#")) {
            if (predicateDepth == 0) {
                throw src.syntaxError(token.offset(), "'#' may only be used inside a predicate such as all(result, {# > 0})");
            }
            return (r, e) -> e;
        }
        if (token.is(".") && predicateDepth > 0) {
            // expr's shorthand: inside a predicate, `.value` is `#.value`.
            return built(Operators.member((r, e) -> e, memberName(token), src, token.offset()), token);
        }
        throw src.syntaxError(token.offset(), "expected an operand (a number, a string, result, a function call or '(') but found "
                + token.describe());
    }

    private Node name(Token token) {
        switch (token.text()) {
            case "result":
                return shapes.result((r, e) -> r);
            case "true":
                return new Constant(Boolean.TRUE);
            case "false":
                return new Constant(Boolean.FALSE);
            case "nil":
                return new Constant(null);
            case "and": case "or": case "not": case "in":
                throw src.syntaxError(token.offset(), "expected an operand but found the keyword '" + token.text() + "'");
            default:
                break;
        }
        if (!peek().is("(")) {
            if (Builtins.isFunction(token.text()) || Builtins.isPredicate(token.text())) {
                throw src.syntaxError(token.offset(), token.text() + " is a function; call it as "
                        + token.text() + "(...)");
            }
            throw src.syntaxError(token.offset(), "unknown name '" + token.text() + "'; the measurement is 'result'");
        }
        if (Builtins.isPredicate(token.text())) {
            return predicateCall(token);
        }
        if (!Builtins.isFunction(token.text())) {
            throw src.syntaxError(token.offset(), "unknown function '" + token.text() + "'; known functions are "
                    + Builtins.known());
        }
        advance();
        List<Node> args = arguments(token);
        int arity = Builtins.arity(token.text());
        if (args.size() != arity) {
            throw src.syntaxError(token.offset(), token.text() + "() takes " + arity + " argument(s) but "
                    + args.size() + " were given");
        }
        return shapes.called(built(Builtins.call(token.text(), args, src, token.offset()), token,
                args.toArray(new Node[0])), token.text(), args);
    }

    private List<Node> arguments(Token function) {
        List<Node> args = new ArrayList<>();
        if (peek().is(")")) {
            advance();
            return args;
        }
        do {
            args.add(expression(0));
        } while (acceptComma());
        expect(")", "to close the arguments of " + function.text() + "()");
        return args;
    }

    private Node predicateCall(Token function) {
        advance();
        Node collection = expression(0);
        expect(",", "between the list and the predicate of " + function.text() + "()");
        predicateDepth++;
        Node body;
        Token brace = peek();
        if (brace.is("{")) {
            advance();
            body = expression(0);
            expect("}", "to close the predicate opened at " + src.where(brace.offset()));
        } else {
            body = expression(0);
        }
        predicateDepth--;
        expect(")", "to close the arguments of " + function.text() + "()");
        return built(Builtins.predicate(function.text(), collection, body, src, function.offset()), function,
                collection, body);
    }

    private Node listLiteral(Token open) {
        List<Node> elements = new ArrayList<>();
        if (!peek().is("]")) {
            do {
                if (peek().is("]")) {
                    break; // a trailing comma, as expr allows
                }
                elements.add(expression(0));
            } while (acceptComma());
        }
        expect("]", "to close the list opened at " + src.where(open.offset()));
        return built(Operators.list(elements), open, elements.toArray(new Node[0]));
    }

    private boolean acceptComma() {
        if (peek().is(",")) {
            advance();
            return true;
        }
        return false;
    }

    private void expect(String op, String why) {
        Token token = peek();
        if (!token.is(op) || token.kind() != Token.Kind.OPERATOR) {
            throw src.syntaxError(token.offset(), "expected '" + op + "' " + why + " but found " + token.describe());
        }
        advance();
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        Token token = tokens.get(next);
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }
}
