package dev.rollout.api.analysis;

import java.util.Objects;

/**
 * A dry-run rule ({@code spec.dryRun[]}): metrics it matches are measured and reported but left out
 * of the run's phase.
 *
 * @param metricName a metric name, {@code *} for every metric, or (as in Argo) a regular
 *     expression found in the name
 */
public record DryRun(String metricName) {
    public DryRun {
        Objects.requireNonNull(metricName, "metricName");
    }
}
