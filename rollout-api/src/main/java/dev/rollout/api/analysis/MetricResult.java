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
    public MetricResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        measurements = List.copyOf(measurements);
        message = message == null ? "" : message;
    }
}
