package dev.rollout.core.provider.scripted;

import dev.rollout.api.analysis.MetricValue;
import java.util.List;
import java.util.Objects;

/** One scripted answer of a metric: a value, a provider error, or no answer at all. */
public sealed interface ScriptedValue {

    /** The provider answers {@code value} (a scalar, a vector, or no data). */
    record Answer(MetricValue value) implements ScriptedValue {
        public Answer {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The provider fails with {@code message}. */
    record Failure(String message) implements ScriptedValue {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The provider never answers (until the measurement times out or is cancelled). */
    record Hang() implements ScriptedValue {
    }

    /** A scalar: a number, a string or a boolean (a job-like outcome). */
    static ScriptedValue scalar(Object value) {
        return new Answer(new MetricValue.Scalar(value));
    }

    /** A vector of values (elements may be null). */
    static ScriptedValue vector(List<?> values) {
        return new Answer(MetricValue.Vector.of(values));
    }

    /** No data. */
    static ScriptedValue noData() {
        return new Answer(new MetricValue.NoData("scripted no data"));
    }

    /** A provider error. */
    static ScriptedValue error(String message) {
        return new Failure(message);
    }
}
