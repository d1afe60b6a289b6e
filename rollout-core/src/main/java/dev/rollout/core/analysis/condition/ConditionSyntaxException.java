package dev.rollout.core.analysis.condition;

import dev.rollout.api.RolloutException;

/** A condition that does not parse; the message names the position and what was expected. */
public class ConditionSyntaxException extends RolloutException {
    private static final long serialVersionUID = 1L;

    public ConditionSyntaxException(String message) {
        super(message);
    }
}
