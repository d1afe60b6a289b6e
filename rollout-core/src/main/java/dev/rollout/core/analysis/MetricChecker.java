package dev.rollout.core.analysis;

import dev.rollout.api.analysis.Metric;
import dev.rollout.core.analysis.ConditionCompiler;
import dev.rollout.core.analysis.condition.Condition;
import dev.rollout.core.analysis.condition.ConditionSyntaxException;
import dev.rollout.api.Durations;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The checks of DESIGN §4 on one metric, shared by template loading (fields holding placeholders
 * are skipped then) and run start (after substitution, every field must pass). Problems are
 * reported as (field, message), the field relative to the metric.
 */
final class MetricChecker {
    /** Argo's defaults. */
    public static final int DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4;

    private MetricChecker() {
    }

    /** The typed fields of a metric; a null field was skipped (placeholder) or invalid. */
    public record Typed(Duration interval, Duration initialDelay, Integer count,
            Condition successCondition, Condition failureCondition, Integer failureLimit,
            Integer inconclusiveLimit, Integer consecutiveErrorLimit,
            Integer consecutiveSuccessLimit, boolean complete) {
    }

    /**
     * Checks {@code metric}; {@code atLoad} skips fields holding {@code {{args.*}}}.
     * {@code complete} in the result is true when every field was checked and valid.
     */
    public static Typed check(Metric metric, boolean atLoad, ConditionCompiler compiler,
            BiConsumer<String, String> problems) {
        boolean[] complete = {true};
        BiConsumer<String, String> sink = (field, message) -> {
            complete[0] = false;
            problems.accept(field, message);
        };
        Duration interval = duration("interval", metric.interval(), atLoad, complete, sink);
        Duration initialDelay = duration("initialDelay", metric.initialDelay(), atLoad, complete, sink);
        Integer count = integer("count", metric.count(), 0, atLoad, complete, sink);
        Integer failureLimit = integer("failureLimit", metric.failureLimit(), 0, atLoad, complete, sink);
        Integer inconclusiveLimit = integer("inconclusiveLimit", metric.inconclusiveLimit(), 0, atLoad,
                complete, sink);
        Integer errorLimit = integer("consecutiveErrorLimit", metric.consecutiveErrorLimit(),
                DEFAULT_CONSECUTIVE_ERROR_LIMIT, atLoad, complete, sink);
        Integer successLimit = integer("consecutiveSuccessLimit", metric.consecutiveSuccessLimit(), 0,
                atLoad, complete, sink);
        Condition success = condition("successCondition", metric.successCondition(), compiler, atLoad,
                complete, sink);
        Condition failure = condition("failureCondition", metric.failureCondition(), compiler, atLoad,
                complete, sink);

        if (failureLimit != null && failureLimit < -1) {
            sink.accept("failureLimit", "must be >= -1 (-1 disables it), was " + failureLimit);
        }
        nonNegative("inconclusiveLimit", inconclusiveLimit, sink);
        nonNegative("consecutiveErrorLimit", errorLimit, sink);
        nonNegative("consecutiveSuccessLimit", successLimit, sink);
        if (count != null && count < 0) {
            sink.accept("count", "must be >= 0, was " + count);
        }
        if (failureLimit != null && successLimit != null && failureLimit == -1 && successLimit == 0) {
            sink.accept("failureLimit", "failureLimit -1 and consecutiveSuccessLimit 0 disable both "
                    + "limits; set failureLimit >= 0 or consecutiveSuccessLimit > 0");
        }
        if (count != null && count > 1 && metric.interval().isEmpty()) {
            sink.accept("count", "interval must be set when count > 1 (count is " + count + ")");
        }
        if (count != null && count > 0) {
            if (failureLimit != null && successLimit != null && failureLimit >= 0
                    && count < failureLimit + successLimit) {
                sink.accept("count", "must be >= failureLimit + consecutiveSuccessLimit ("
                        + failureLimit + " + " + successLimit + "), was " + count);
            }
            if (failureLimit != null && successLimit != null && failureLimit == -1
                    && count < successLimit) {
                sink.accept("count", "must be >= consecutiveSuccessLimit (" + successLimit + "), was "
                        + count);
            }
            if (inconclusiveLimit != null && count < inconclusiveLimit) {
                sink.accept("count", "must be >= inconclusiveLimit (" + inconclusiveLimit + "), was "
                        + count);
            }
        }
        return new Typed(interval, initialDelay, count, success, failure, failureLimit,
                inconclusiveLimit, errorLimit, successLimit, complete[0]);
    }

    private static void nonNegative(String field, Integer value, BiConsumer<String, String> sink) {
        if (value != null && value < 0) {
            sink.accept(field, "must be >= 0, was " + value);
        }
    }

    private static Duration duration(String field, Optional<String> text, boolean atLoad,
            boolean[] complete, BiConsumer<String, String> sink) {
        if (text.isEmpty()) {
            return null;
        }
        if (atLoad && Placeholders.has(text.get())) {
            complete[0] = false;
            return null;
        }
        try {
            return Durations.parse(text.get());
        } catch (IllegalArgumentException e) {
            sink.accept(field, e.getMessage());
            return null;
        }
    }

    private static Integer integer(String field, Optional<String> text, int dflt, boolean atLoad,
            boolean[] complete, BiConsumer<String, String> sink) {
        if (text.isEmpty()) {
            return dflt;
        }
        if (atLoad && Placeholders.has(text.get())) {
            complete[0] = false;
            return null;
        }
        try {
            return Integer.parseInt(text.get().strip());
        } catch (NumberFormatException e) {
            sink.accept(field, "must be an integer, was \"" + text.get() + "\"");
            return null;
        }
    }

    private static Condition condition(String field, Optional<String> text, ConditionCompiler compiler,
            boolean atLoad, boolean[] complete, BiConsumer<String, String> sink) {
        if (text.isEmpty() || text.get().isBlank()) {
            return null;
        }
        if (atLoad && Placeholders.has(text.get())) {
            complete[0] = false;
            return null;
        }
        try {
            return compiler.compile(text.get());
        } catch (ConditionSyntaxException e) {
            sink.accept(field, "does not parse: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            sink.accept(field, "cannot be compiled: " + e.getMessage());
            return null;
        }
    }
}
