package dev.rollout.core.report;

import dev.rollout.api.analysis.Metric;
import dev.rollout.core.analysis.condition.Condition;
import dev.rollout.core.analysis.condition.ConditionSyntaxException;
import dev.rollout.core.analysis.condition.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A line a metric's measurements are judged against, read from a condition that compares the
 * result with a number ({@code result[0] >= 0.95}, {@code default(result, 0) < 0.05}) as the
 * condition compiler describes it ({@link Condition#comparison()}). Conditions of another shape
 * yield none: the report then colours the points by phase only.
 *
 * @param metric the metric's name
 * @param kind whether it comes from the success or the failure condition
 * @param condition the condition as written
 * @param operator {@code <}, {@code <=}, {@code >}, {@code >=} or {@code ==}, with the result
 *     on the left
 * @param value the number the result is compared with
 */
public record Threshold(String metric, Kind kind, String condition, String operator, double value) {

    /** Which condition a threshold comes from. */
    public enum Kind { Success, Failure }

    public Threshold {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(operator, "operator");
    }

    /** The thresholds of a metric's success and failure conditions; never null, possibly empty. */
    public static List<Threshold> of(Metric metric) {
        List<Threshold> found = new ArrayList<>();
        metric.successCondition().flatMap(c -> parse(metric.name(), Kind.Success, c))
                .ifPresent(found::add);
        metric.failureCondition().flatMap(c -> parse(metric.name(), Kind.Failure, c))
                .ifPresent(found::add);
        return List.copyOf(found);
    }

    /**
     * The threshold of one condition, if the condition compiler describes it as a comparison of
     * the measurement with a number ({@link Condition#comparison()}); a condition that does not
     * compile gives none (the spec loader reports it).
     */
    public static Optional<Threshold> parse(String metric, Kind kind, String condition) {
        Condition compiled;
        try {
            compiled = Conditions.compile(condition);
        } catch (ConditionSyntaxException e) {
            return Optional.empty();
        }
        return compiled.comparison().map(c -> new Threshold(metric, kind, condition, c.operator(), c.constant()));
    }
}
