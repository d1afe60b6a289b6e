package dev.rollout.core.analysis;

import dev.rollout.core.analysis.condition.Condition;

/**
 * Compiles {@code successCondition} / {@code failureCondition} expressions. The default is the
 * expression language of {@code dev.rollout.core.analysis.condition.Conditions}; tests may plug in
 * their own.
 */
@FunctionalInterface
public interface ConditionCompiler {

    /**
     * Compiles {@code expression}.
     *
     * @throws dev.rollout.core.analysis.condition.ConditionSyntaxException if it does not parse
     */
    Condition compile(String expression);
}
