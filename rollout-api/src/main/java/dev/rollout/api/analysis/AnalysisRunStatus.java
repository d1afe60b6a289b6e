package dev.rollout.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of an analysis run.
 *
 * @param name the run's name (for example {@code my-app-3-step2})
 * @param phase the run's phase: the worst of its non-dry-run metrics
 * @param metrics every metric, in template order
 * @param message why the run is in its phase
 */
public record AnalysisRunStatus(String name, AnalysisPhase phase, List<MetricResult> metrics,
        String message) {
    public AnalysisRunStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        metrics = List.copyOf(metrics);
        message = message == null ? "" : message;
    }
}
