package dev.rollout.core.embedded;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EmbeddedCluster}'s router, standing in for any routing kind (istio, smi, nginx,
 * gatewayAPI, ...) so a spec written for one runs offline. Weights always sum to 100; changes go
 * to the cluster's operation log and show in {@code WorkloadState.canaryWeight()}. Thread-safe.
 */
public final class EmbeddedTrafficRouter implements TrafficRouter {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTrafficRouter.class);

    private final EmbeddedCluster cluster;
    private final TrafficRouting routing;

    EmbeddedTrafficRouter(EmbeddedCluster cluster, TrafficRouting routing) {
        this.cluster = cluster;
        this.routing = routing;
    }

    /** The routing spec this router stands in for. */
    public TrafficRouting routing() {
        return routing;
    }

    @Override
    public void setWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(stableRevision, "stableRevision");
        Objects.requireNonNull(canaryRevision, "canaryRevision");
        if (canaryWeight < 0 || canaryWeight > 100) {
            throw new IllegalArgumentException("canaryWeight must be 0..100, was " + canaryWeight);
        }
        if (cluster.applyWeight(Operation.SET_WEIGHT, workload, stableRevision, canaryRevision,
                canaryWeight)) {
            LOG.debug("embedded {} router: {} sends {}% to revision {} and {}% to stable revision {}",
                    routing.kind(), workload, canaryWeight, canaryRevision, 100 - canaryWeight,
                    stableRevision);
        }
    }

    @Override
    public int currentWeight(WorkloadRef workload) {
        Objects.requireNonNull(workload, "workload");
        return cluster.currentWeight(workload);
    }

    @Override
    public void reset(WorkloadRef workload, String stableRevision) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(stableRevision, "stableRevision");
        if (cluster.applyWeight(Operation.RESET_WEIGHT, workload, stableRevision, null, 0)) {
            LOG.debug("embedded {} router: {} sends all traffic to stable revision {}",
                    routing.kind(), workload, stableRevision);
        }
    }

    /** The weight routed to each revision, summing to 100; empty for an unknown workload. */
    public Map<String, Integer> weights(WorkloadRef workload) {
        Objects.requireNonNull(workload, "workload");
        return Collections.unmodifiableMap(cluster.weights(workload));
    }
}
