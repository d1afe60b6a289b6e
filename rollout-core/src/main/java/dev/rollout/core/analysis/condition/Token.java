package dev.rollout.core.analysis.condition;

/** One lexical token; {@code value} is the parsed literal for numbers and strings. */
record Token(Kind kind, String text, Object value, int offset) {

    /** Token kinds of the condition language. */
    enum Kind { NUMBER, STRING, NAME, OPERATOR, END }

    boolean is(String operatorOrName) {
        return (kind == Kind.OPERATOR || kind == Kind.NAME) && text.equals(operatorOrName);
    }

    /** How the token is named in "expected X but found Y" messages. */
    String describe() {
        switch (kind) {
            case END:
                return "end of input";
            case NUMBER:
                return "number " + text;
            case STRING:
                return "string " + text;
            case NAME:
                return "name '" + text + "'";
            default:
                return "'" + text + "'";
        }
    }
}
