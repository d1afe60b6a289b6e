package dev.rollout.core.analysis;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.core.analysis.condition.Condition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Argo's rules for one measurement (DESIGN §4): no conditions → Successful; only success →
 * Failed when false; only failure → Successful when false; both → Failed if failure is true,
 * Successful if success is true, else Inconclusive. A provider error, an evaluation error or a
 * non-boolean result → Error, except that on no data a condition that cannot be evaluated is
 * decided by the metric's {@code noDataPolicy}.
 */
final class MeasurementEvaluator {
    private MeasurementEvaluator() {
    }

    /** The outcome of a provider error. */
    public static Outcome error(String message) {
        return new Outcome(AnalysisPhase.Error, Optional.empty(), message);
    }

    /** Evaluates {@code value} against the metric's conditions. */
    public static Outcome evaluate(ResolvedMetric metric, MetricValue value) {
        Object result = toResult(value);
        boolean noData = value instanceof MetricValue.NoData;
        Optional<String> shown = noData ? Optional.empty() : Optional.of(display(value));
        String valueText = noData ? "no data" : "value " + shown.get();
        Condition success = metric.successCondition();
        Condition failure = metric.failureCondition();
        if (value instanceof MetricValue.Judged judged) {
            Outcome onScore = success == null && failure == null
                    ? new Outcome(judged.phase(), shown, judged.message())
                    : evaluate(metric, new MetricValue.Scalar(judged.score()));
            String message = onScore.message().equals(judged.message()) ? judged.message()
                    : onScore.message() + "; " + judged.message();
            return new Outcome(onScore.phase(), shown, message, judged.details());
        }
        if (success == null && failure == null) {
            if (result instanceof Boolean b) {
                return new Outcome(b ? AnalysisPhase.Successful : AnalysisPhase.Failed, shown,
                        valueText + ": the provider reported " + (b ? "success" : "failure"));
            }
            return new Outcome(AnalysisPhase.Successful, shown, valueText + ": no condition");
        }
        Boolean successTrue = null;
        Boolean failureTrue = null;
        try {
            if (success != null) {
                successTrue = test("successCondition", success, result);
            }
            if (failure != null) {
                failureTrue = test("failureCondition", failure, result);
            }
        } catch (NotEvaluable e) {
            if (noData) {
                return noDataOutcome(metric, e.getMessage());
            }
            return new Outcome(AnalysisPhase.Error, shown, valueText + ": " + e.getMessage());
        }
        if (failure == null) {
            return new Outcome(successTrue ? AnalysisPhase.Successful : AnalysisPhase.Failed, shown,
                    valueText + ": successCondition `" + success.expression() + "` is " + successTrue);
        }
        if (success == null) {
            return new Outcome(failureTrue ? AnalysisPhase.Failed : AnalysisPhase.Successful, shown,
                    valueText + ": failureCondition `" + failure.expression() + "` is " + failureTrue);
        }
        if (failureTrue) {
            return new Outcome(AnalysisPhase.Failed, shown,
                    valueText + ": failureCondition `" + failure.expression() + "` is true");
        }
        if (successTrue) {
            return new Outcome(AnalysisPhase.Successful, shown,
                    valueText + ": successCondition `" + success.expression() + "` is true");
        }
        return new Outcome(AnalysisPhase.Inconclusive, shown, valueText + ": neither successCondition `"
                + success.expression() + "` nor failureCondition `" + failure.expression() + "` is true");
    }

    private static Outcome noDataOutcome(ResolvedMetric metric, String why) {
        AnalysisPhase phase = switch (metric.noDataPolicy()) {
            case ERROR -> AnalysisPhase.Error;
            case INCONCLUSIVE -> AnalysisPhase.Inconclusive;
            case FAIL -> AnalysisPhase.Failed;
            case PASS -> AnalysisPhase.Successful;
        };
        return new Outcome(phase, Optional.empty(), "no data: " + why + "; noDataPolicy "
                + metric.noDataPolicy().yamlName() + " makes it " + phase);
    }

    private static boolean test(String field, Condition condition, Object result) {
        Object answer;
        try {
            answer = condition.evaluate(result);
        } catch (RuntimeException e) {
            throw new NotEvaluable(field + " `" + condition.expression() + "` cannot be evaluated: "
                    + e.getMessage());
        }
        if (answer instanceof Boolean b) {
            return b;
        }
        throw new NotEvaluable(field + " `" + condition.expression() + "` returned "
                + (answer == null ? "null" : answer + " (" + answer.getClass().getSimpleName() + ")")
                + ", not a boolean");
    }

    /** The value bound to {@code result}: null, a scalar, or a list. */
    public static Object toResult(MetricValue value) {
        if (value instanceof MetricValue.Scalar s) {
            return s.value();
        }
        if (value instanceof MetricValue.Vector v) {
            return new ArrayList<>(v.values());
        }
        if (value instanceof MetricValue.Judged j) {
            return j.score();
        }
        return null;
    }

    /** The value as shown in a measurement: numbers without needless digits, vectors as {@code [a, b]}. */
    public static String display(MetricValue value) {
        if (value instanceof MetricValue.Scalar s) {
            return format(s.value());
        }
        if (value instanceof MetricValue.Vector v) {
            List<Object> values = v.values();
            return values.stream().map(MeasurementEvaluator::format)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof MetricValue.Judged j) {
            return format(j.score());
        }
        return "";
    }

    private static String format(Object o) {
        if (o instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (o instanceof Float f && !f.isNaN() && !f.isInfinite()) {
            return new BigDecimal(Float.toString(f)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(o);
    }

    private static final class NotEvaluable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotEvaluable(String message) {
            super(message, null, false, false);
        }
    }
}
