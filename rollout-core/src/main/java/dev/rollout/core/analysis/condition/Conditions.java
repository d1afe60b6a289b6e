package dev.rollout.core.analysis.condition;


/** Compiles Argo Rollouts analysis conditions (antonmedv/expr syntax) into {@link Condition}s. */
public final class Conditions {

    private Conditions() {
    }

    /**
     * Parses and compiles a condition such as {@code result[0] >= 0.95}; the returned condition is
     * immutable and thread-safe.
     *
     * @throws ConditionSyntaxException if the expression does not parse, naming the position and
     *     what was expected
     * @throws NullPointerException if {@code expression} is null
     */
    public static Condition compile(String expression) {
        return ConditionCompiler.compile(expression);
    }
}
