package dev.rollout.api.cluster;

import java.util.Map;
import java.util.Optional;

/**
 * What a target reports about a workload.
 *
 * @param stableRevision the revision the workload runs outside of a rollout (the user's
 *     Deployment template), if the workload exists
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

    /** The state of a revision, if it has a workload on the target. */
    public Optional<RevisionState> revision(String id) {
        return Optional.ofNullable(revisions.get(id));
    }
}
