package dev.rollout.api.spi;

import dev.rollout.api.cluster.WorkloadRef;

/**
 * Moves traffic between the stable and canary revisions (a service mesh, a gateway, an ingress).
 * Weights always sum to 100. Every call is idempotent: repeating it with the same arguments
 * changes nothing (and should write nothing). Thread-safe.
 */
public interface TrafficRouter {

    /**
     * Sends {@code canaryWeight} percent to the canary revision and the rest to stable; afterwards
     * {@link #currentWeight} answers {@code canaryWeight}.
     *
     * @throws IllegalArgumentException naming {@code canaryWeight} when it is outside 0..100;
     *     nothing is changed then
     */
    void setWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight);

    /** The canary weight currently in effect. */
    int currentWeight(WorkloadRef workload);

    /**
     * Removes what the router created for the rollout; traffic goes to stable only and
     * {@link #currentWeight} answers 0. A later {@link #setWeight} routes again.
     */
    default void reset(WorkloadRef workload, String stableRevision) {
        setWeight(workload, stableRevision, stableRevision, 0);
    }
}
