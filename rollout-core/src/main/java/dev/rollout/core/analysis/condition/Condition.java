package dev.rollout.core.analysis.condition;

import java.util.Optional;

/**
 * A compiled analysis condition ({@code successCondition} or {@code failureCondition}), evaluated
 * against a measurement's {@code result}. Compile once at load time; evaluate many times.
 * Thread-safe.
 */
public interface Condition {

    /** The expression as written. */
    String expression();

    /**
     * Evaluates the expression with {@code result} bound to: {@code null} (no data), a
     * {@code Number}, {@code String} or {@code Boolean} (scalar), a {@code List<Object>}
     * (vector) or a {@code Map<String, Object>} (an object), nested freely.
     * Returns the expression's value, normally a {@code Boolean}; the caller treats any
     * other value as an Error.
     *
     * @throws ConditionEvaluationException if the expression cannot be evaluated on this result
     *     (for example {@code result < 0.05} with no data)
     */
    Object evaluate(Object result);

    /**
     * What this condition compares, when it is a simple comparison of the measurement with a
     * number ({@code result[0] < 0.05}, {@code isNaN(result) || result >= 0.95}); empty for any
     * other shape. For display only: evaluation never uses it.
     */
    default Optional<Comparison> comparison() {
        return Optional.empty();
    }
}
