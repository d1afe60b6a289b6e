package dev.rollout.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The state of one metric in an analysis run, with Argo's counters.
 *
 * @param name the metric's name
 * @param phase the metric's phase
 * @param dryRun whether the metric is excluded from the run's phase
 * @param count Successful + Failed + Inconclusive measurements
 * @param successful successful measurements
 * @param failed failed measurements
 * @param inconclusive inconclusive measurements
 * @param error errored measurements
 * @param consecutiveError errors since the last non-error measurement
 * @param consecutiveSuccess successes in a row
 * @param measurements the last measurements kept ({@code measurementRetention}), oldest first
 * @param message why the metric is in its phase, naming value, condition and limit
 */
public record MetricResult(String name, AnalysisPhase phase, boolean dryRun, int count,
        int successful, int failed, int inconclusive, int error, int consecutiveError,
        int consecutiveSuccess, List<Measurement> measurements, String message) {
    /**
     * The canonical constructor: its parameter list grows with the record (a new field is a new
     * parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(String, AnalysisPhase)}.
     */
    public MetricResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        measurements = List.copyOf(measurements);
        message = message == null ? "" : message;
    }
    /**
     * A builder for the result of metric {@code name} in {@code phase}: not dry-run, every
     * counter 0, no measurements, no message.
     */
    public static Builder builder(String name, AnalysisPhase phase) {
        return new Builder(name, phase);
    }

    /** A builder holding every field of this result, to change some of them. */
    public Builder toBuilder() {
        return new Builder(name, phase)
                .dryRun(dryRun).count(count).successful(successful).failed(failed)
                .inconclusive(inconclusive).error(error).consecutiveError(consecutiveError)
                .consecutiveSuccess(consecutiveSuccess).measurements(measurements)
                .message(message);
    }

    /** Builds a {@link MetricResult}; each setter names the component it sets. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final AnalysisPhase phase;
        private boolean dryRun;
        private int count;
        private int successful;
        private int failed;
        private int inconclusive;
        private int error;
        private int consecutiveError;
        private int consecutiveSuccess;
        private List<Measurement> measurements = List.of();
        private String message = "";

        private Builder(String name, AnalysisPhase phase) {
            this.name = Objects.requireNonNull(name, "name");
            this.phase = Objects.requireNonNull(phase, "phase");
        }

        /** Sets {@link MetricResult#dryRun()}. */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /** Sets {@link MetricResult#count()}. */
        public Builder count(int value) {
            this.count = value;
            return this;
        }

        /** Sets {@link MetricResult#successful()}. */
        public Builder successful(int value) {
            this.successful = value;
            return this;
        }

        /** Sets {@link MetricResult#failed()}. */
        public Builder failed(int value) {
            this.failed = value;
            return this;
        }

        /** Sets {@link MetricResult#inconclusive()}. */
        public Builder inconclusive(int value) {
            this.inconclusive = value;
            return this;
        }

        /** Sets {@link MetricResult#error()}. */
        public Builder error(int value) {
            this.error = value;
            return this;
        }

        /** Sets {@link MetricResult#consecutiveError()}. */
        public Builder consecutiveError(int value) {
            this.consecutiveError = value;
            return this;
        }

        /** Sets {@link MetricResult#consecutiveSuccess()}. */
        public Builder consecutiveSuccess(int value) {
            this.consecutiveSuccess = value;
            return this;
        }

        /** Sets {@link MetricResult#measurements()}. */
        public Builder measurements(List<Measurement> value) {
            this.measurements = Objects.requireNonNull(value, "measurements");
            return this;
        }

        /** Sets {@link MetricResult#message()}; null is empty. */
        public Builder message(String value) {
            this.message = value;
            return this;
        }

        /** The result. */
        public MetricResult build() {
            return new MetricResult(name, phase, dryRun, count, successful, failed, inconclusive, error,
                    consecutiveError, consecutiveSuccess, measurements, message);
        }
    }

}
