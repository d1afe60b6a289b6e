package dev.rollout.core.analysis.condition;

import dev.rollout.api.RolloutException;

/** A condition that parsed but cannot be evaluated on a given result. */
public class ConditionEvaluationException extends RolloutException {
    private static final long serialVersionUID = 1L;

    public ConditionEvaluationException(String message) {
        super(message);
    }
}
