package dev.rollout.api.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * What a target reports about a workload.
 *
 * @param stableRevision the revision the workload runs outside of a rollout (the user's
 *     Deployment template); empty exactly when the workload does not exist on the target
 *     (see {@link #exists()})
 * @param revisions live state per revision id
 * @param serviceSelectors for each known service, the revision it selects
 * @param canaryWeight the traffic weight the router reports for the canary (0 without router)
 */
public record WorkloadState(Optional<String> stableRevision, Map<String, RevisionState> revisions,
        Map<String, String> serviceSelectors, int canaryWeight) {
    public WorkloadState {
        revisions = Map.copyOf(revisions);
        serviceSelectors = Map.copyOf(serviceSelectors);
    }

    /** What a target reports for a workload it does not have (no Deployment of that name). */
    public static WorkloadState absent() {
        return new WorkloadState(Optional.empty(), Map.of(), Map.of(), 0);
    }

    /**
     * Whether the workload exists on the target, so a rollout has a stable revision to move from;
     * pods the engine itself started for a first deploy that was never marked stable do not count.
     */
    public boolean exists() {
        return stableRevision.isPresent();
    }

    /** The state of a revision, if it has a workload on the target. */
    public Optional<RevisionState> revision(String id) {
        return Optional.ofNullable(revisions.get(id));
    }
}
