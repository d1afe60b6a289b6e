package dev.rollout.core.analysis.condition.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A precedence-climbing parser for expr's syntax that compiles straight to a tree of closures.
 * Precedences follow expr: {@code ?:} lowest, then {@code || or} 10, {@code && and} 15,
 * comparisons and {@code in} 20, {@code + -} 30, unary {@code ! not} 50, {@code * / %} 60,
 * unary {@code - +} 90, {@code ** ^} 100 (right-associative), {@code ??} 500.
 */
final class Parser {

    private static final int UNARY_NOT = 50;
    private static final int UNARY_SIGN = 90;
    private static final int MAX_DEPTH = 200;

    private final Source src;
    private final List<Token> tokens;
    private int next;
    private int predicateDepth;
    private int depth;

    private Parser(Source src) {
        this.src = src;
        this.tokens = Lexer.tokenize(src);
    }

    /** Parses and compiles a whole condition. */
    static Node parse(Source src) {
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
        return root;
    }

    private Node expression(int minPrecedence) {
        if (++depth > MAX_DEPTH) {
            throw src.syntaxError(peek().offset(), "the condition nests deeper than " + MAX_DEPTH + " levels");
        }
        Node left = unary();
        while (true) {
            Token token = peek();
            if (token.is("?") && minPrecedence == 0) {
                advance();
                Node then = expression(0);
                expect(":", "to separate the branches of '?'");
                Node otherwise = expression(0);
                left = Operators.ternary(left, then, otherwise, src, token.offset());
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
            left = Operators.binary(op, left, right, src, token.offset());
        }
        depth--;
        return left;
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
            return Operators.unary(token.text(), expression(UNARY_NOT), src, token.offset());
        }
        if (token.is("-") || token.is("+")) {
            advance();
            Node operand = expression(UNARY_SIGN);
            Node node = Operators.unary(token.text(), operand, src, token.offset());
            // Fold signed literals so `result > -1.5` still compares against a constant.
            return operand instanceof Constant && ((Constant) operand).value() instanceof Number
                    ? new Constant(node.eval(null, null)) : node;
        }
        return postfix(primary());
    }

    private Node postfix(Node node) {
        while (peek().is("[")) {
            Token bracket = advance();
            Node index = expression(0);
            expect("]", "to close the index opened at " + src.where(bracket.offset()));
            node = Operators.index(node, index, src, bracket.offset());
        }
        return node;
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
        throw src.syntaxError(token.offset(), "expected an operand (a number, a string, result, a function call or '(') but found "
                + token.describe());
    }

    private Node name(Token token) {
        switch (token.text()) {
            case "result":
                return (r, e) -> r;
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
        return Builtins.call(token.text(), args, src, token.offset());
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
        return Builtins.predicate(function.text(), collection, body, src, function.offset());
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
        return Operators.list(elements);
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
