package dev.rollout.core.analysis.condition;

import java.util.ArrayList;
import java.util.List;

/** Splits a condition into tokens, following the lexical rules of antonmedv/expr. */
final class Lexer {

    private static final String[] TWO_CHAR_OPERATORS = {"==", "!=", "<=", ">=", "&&", "||", "**", "??"};
    private static final String ONE_CHAR_OPERATORS = "<>+-*/%^!()[]{},?:#.";

    private final Source source;
    private final String text;
    private int pos;

    private Lexer(Source source) {
        this.source = source;
        this.text = source.text();
    }

    /**
     * Tokenizes the whole condition, ending with an END token; more than {@code maxTokens} tokens
     * is a syntax error, so that no condition costs more than a bounded amount to compile.
     */
    static List<Token> tokenize(Source source, int maxTokens) {
        Lexer lexer = new Lexer(source);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
            if (tokens.size() > maxTokens) {
                throw source.syntaxError(token.offset(), "the condition has more than " + maxTokens
                        + " tokens");
            }
        } while (token.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= text.length()) {
            return new Token(Token.Kind.END, "", null, pos);
        }
        char c = text.charAt(pos);
        if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            return number();
        }
        if (c == '\'' || c == '"' || c == '`') {
            return string(c);
        }
        if (Character.isLetter(c) || c == '_' || c == '$') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                    || text.charAt(pos) == '_' || text.charAt(pos) == '$')) {
                pos++;
            }
            return new Token(Token.Kind.NAME, text.substring(start, pos), null, start);
        }
        for (String op : TWO_CHAR_OPERATORS) {
            if (text.startsWith(op, pos)) {
                pos += 2;
                return new Token(Token.Kind.OPERATOR, op, null, pos - 2);
            }
        }
        if (ONE_CHAR_OPERATORS.indexOf(c) >= 0) {
            pos++;
            return new Token(Token.Kind.OPERATOR, String.valueOf(c), null, pos - 1);
        }
        throw source.syntaxError(pos, "unexpected character '" + c + "'" + hint(c));
    }

    private static String hint(char c) {
        switch (c) {
            case '=':
                return ", use '==' to compare";
            case '&':
                return ", use '&&' or 'and'";
            case '|':
                return ", use '||' or 'or'";
            default:
                return "";
        }
    }

    private Token number() {
        int start = pos;
        if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
            pos += 2;
            while (pos < text.length() && (Character.digit(text.charAt(pos), 16) >= 0 || text.charAt(pos) == '_')) {
                pos++;
            }
            String digits = text.substring(start + 2, pos).replace("_", "");
            return integer(start, digits, 16);
        }
        boolean isFloat = false;
        digits();
        if (pos < text.length() && text.charAt(pos) == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            isFloat = true;
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < text.length() && isDigit(text.charAt(pos))) {
                isFloat = true;
                digits();
            } else {
                throw source.syntaxError(mark, "malformed exponent in number");
            }
        }
        if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_'
                || text.charAt(pos) == '.')) {
            throw source.syntaxError(pos, "unexpected '" + text.charAt(pos) + "' after number");
        }
        String literal = text.substring(start, pos);
        String digits = literal.replace("_", "");
        if (!isFloat) {
            return integer(start, digits, 10);
        }
        return new Token(Token.Kind.NUMBER, literal, Double.parseDouble(digits), start);
    }

    private Token integer(int start, String digits, int radix) {
        try {
            return new Token(Token.Kind.NUMBER, text.substring(start, pos), Long.parseLong(digits, radix), start);
        } catch (NumberFormatException e) {
            throw source.syntaxError(start, "integer literal " + text.substring(start, pos) + " is malformed or too large");
        }
    }

    private void digits() {
        while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token string(char quote) {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return new Token(Token.Kind.STRING, text.substring(start, pos), value.toString(), start);
            }
            if (c == '\\' && quote != '`') {
                value.append(escape());
            } else {
                value.append(c);
            }
        }
        throw source.syntaxError(start, "string starting here is not closed (expected " + quote + ")");
    }

    private char escape() {
        if (pos >= text.length()) {
            throw source.syntaxError(pos, "unfinished escape sequence at end of input");
        }
        char c = text.charAt(pos++);
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'b': return '\b';
            case 'f': return '\f';
            case '0': return '\0';
            case '\\': case '\'': case '"': case '`': return c;
            case 'u':
                if (pos + 4 <= text.length()) {
                    try {
                        char unicode = (char) Integer.parseInt(text.substring(pos, pos + 4), 16);
                        pos += 4;
                        return unicode;
                    } catch (NumberFormatException e) {
                        // fall through to the error below, which names the position
                    }
                }
                throw source.syntaxError(pos - 2, "\\u must be followed by four hex digits");
            default:
                throw source.syntaxError(pos - 2, "unknown escape sequence \\" + c);
        }
    }
}
