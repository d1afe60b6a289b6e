package dev.rollout.core;

import dev.rollout.api.Clock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.ClusterTarget;
import java.time.Instant;
import java.util.Map;

/**
 * What a {@link StepHandler} knows about the step it runs.
 *
 * @param rolloutId the rollout, {@code namespace/name}
 * @param spec the rollout's spec
 * @param revision the revision being rolled out
 * @param stableRevision the stable revision's id
 * @param stepIndex the step's 0-based index
 * @param config the step's settings as written in the spec
 * @param target the target the rollout runs on
 * @param workload the workload on that target
 * @param stepStartedAt when the step started (survives an engine restart)
 * @param clock the engine's clock
 */
public record StepContext(String rolloutId, RolloutSpec spec, Revision revision,
        String stableRevision, int stepIndex, Map<String, Object> config, ClusterTarget target,
        WorkloadRef workload, Instant stepStartedAt, Clock clock) {
}
