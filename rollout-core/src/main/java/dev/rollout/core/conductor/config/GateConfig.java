package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code waves[].gate}: what must pass after a wave before the next one starts. The parts run in
 * this order: the soak, then the analysis, then the approval.
 *
 * @param soak how long the wave's clusters must run the revision untouched
 * @param analysis analysis templates run against each cluster of the wave just deployed, with
 *     the args {@code service}, {@code environment}, {@code cluster} and {@code revision}
 *     supplied
 * @param approval whether the gate waits for an {@code approve} call
 */
public record GateConfig(Optional<Duration> soak, Optional<AnalysisRef> analysis, boolean approval) {
    public GateConfig {
        Objects.requireNonNull(soak, "soak");
        Objects.requireNonNull(analysis, "analysis");
    }
}
