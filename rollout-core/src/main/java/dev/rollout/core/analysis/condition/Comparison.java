package dev.rollout.core.analysis.condition;

import java.util.Objects;
import java.util.Set;

/**
 * A read-only description of a condition that compares the measurement with a number, such as
 * {@code result[0] >= 0.95} or {@code default(result, 0) < 0.05}, for tools that draw the line a
 * metric is judged against. It describes; it never takes part in evaluation.
 *
 * @param measurement the measurement side as the compiler understood it, e.g. {@code result[0]}
 *     or {@code default(result, 0)}
 * @param operator {@code <}, {@code <=}, {@code >}, {@code >=} or {@code ==}, with the
 *     measurement on the left (a condition written number first is turned round)
 * @param constant the number the measurement is compared with
 */
public record Comparison(String measurement, String operator, double constant) {
    private static final Set<String> OPERATORS = Set.of("<", "<=", ">", ">=", "==");

    public Comparison {
        Objects.requireNonNull(measurement, "measurement");
        Objects.requireNonNull(operator, "operator");
        if (!OPERATORS.contains(operator)) {
            throw new IllegalArgumentException("operator must be one of " + OPERATORS + ", was " + operator);
        }
    }
}
