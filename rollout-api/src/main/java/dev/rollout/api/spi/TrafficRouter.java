package dev.rollout.api.spi;

import dev.rollout.api.cluster.WorkloadRef;

/**
 * Moves traffic between the stable and canary revisions (a service mesh, a gateway, an ingress).
 * Weights always sum to 100. Every call is idempotent.
 */
public interface TrafficRouter {

    /** Sends {@code canaryWeight} percent to the canary revision and the rest to stable. */
    void setWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight);

    /** The canary weight currently in effect. */
    int currentWeight(WorkloadRef workload);

    /** Removes what the router created for the rollout; traffic goes to stable only. */
    default void reset(WorkloadRef workload, String stableRevision) {
        setWeight(workload, stableRevision, stableRevision, 0);
    }
}
