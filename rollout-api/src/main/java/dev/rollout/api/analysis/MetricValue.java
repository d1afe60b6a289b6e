package dev.rollout.api.analysis;

import dev.rollout.api.internal.Immutable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a provider measured: a scalar, a vector, or no data. Errors are exceptions of the future. */
public sealed interface MetricValue {

    /** A single value: a number, a string or a boolean (the outcome of a job-like provider). */
    record Scalar(Object value) implements MetricValue {
        public Scalar {
            Objects.requireNonNull(value, "value (use NoData for absent values)");
            if (!(value instanceof Number || value instanceof String || value instanceof Boolean)) {
                throw new IllegalArgumentException(
                        "value must be a number, string or boolean, was " + value.getClass().getName());
            }
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }

    /**
     * Several values, one per series or group, each with its tags (empty maps when none).
     * Elements may be null for a series with no point.
     */
    record Vector(List<Object> values, List<Map<String, String>> tags) implements MetricValue {
        public Vector {
            values = Immutable.list(Objects.requireNonNull(values, "values"));
            tags = tags == null ? values.stream().map(v -> Map.<String, String>of()).toList()
                    : tags.stream().map(Map::copyOf).toList();
            if (tags.size() != values.size()) {
                throw new IllegalArgumentException("tags must have one entry per value");
            }
        }

        /** A vector without tags. */
        public static Vector of(List<?> values) {
            return new Vector(new java.util.ArrayList<>(values), null);
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    /**
     * A value that decided its own measurement, as the statistical judge's verdict does: without
     * conditions the measurement takes {@code phase} and {@code message}; with conditions they
     * are evaluated on {@code result = score}. {@code details} are the statistics behind it
     * (plain JSON values: maps, lists, strings, numbers, booleans, null), shown with the
     * measurement.
     *
     * @param phase Successful, Failed or Inconclusive
     * @param score the value as a number (the judge's canary score, 0 to 100)
     * @param message why, in one line
     * @param details the statistics; immutable
     */
    record Judged(AnalysisPhase phase, double score, String message, Map<String, Object> details)
            implements MetricValue {
        public Judged {
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(message, "message");
            details = Immutable.tree(details);
        }

        @Override
        public String toString() {
            return String.valueOf(score);
        }
    }

    /** The provider answered, but there was nothing to measure. */
    record NoData(String reason) implements MetricValue {
        public NoData {
            reason = reason == null ? "no data" : reason;
        }

        @Override
        public String toString() {
            return "<no data>";
        }
    }
}
