package dev.rollout.core.analysis.condition;

import dev.rollout.core.analysis.condition.ConditionEvaluationException;
import dev.rollout.core.analysis.condition.ConditionSyntaxException;

/** The text of one condition, turning character offsets into positions people can find. */
record Source(String text) {
    private static final int QUOTE_LIMIT = 120;

    /** Describes an offset as "column C", or "line L, column C" in a multi-line condition. */
    String where(int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = offset - lineStart + 1;
        boolean multiLine = text.indexOf('\n') >= 0;
        return multiLine ? "line " + line + ", column " + column : "column " + column;
    }

    /** A syntax error at an offset, quoting the condition so the spec error stands on its own. */
    ConditionSyntaxException syntaxError(int offset, String problem) {
        return new ConditionSyntaxException(
                "invalid condition \"" + quoted() + "\" at " + where(offset) + ": " + problem);
    }

    /** An evaluation error at an offset, quoting the condition. */
    ConditionEvaluationException evalError(int offset, String problem) {
        return new ConditionEvaluationException(
                "cannot evaluate \"" + quoted() + "\" at " + where(offset) + ": " + problem);
    }

    /** The condition for messages; a huge one is cut, so that an error stays readable. */
    String quoted() {
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
    }
}
