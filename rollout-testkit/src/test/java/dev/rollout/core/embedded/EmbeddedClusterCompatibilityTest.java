package dev.rollout.core.embedded;

import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.testkit.ClusterTargetCompatibilityKit;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

class EmbeddedClusterCompatibilityTest extends ClusterTargetCompatibilityKit {
    private static final Duration READY_DELAY = Duration.ofSeconds(20);

    private final MockClock clock = new MockClock();
    private final EmbeddedCluster cluster = EmbeddedCluster.builder()
            .clock(clock).defaultReadyDelay(READY_DELAY).build();
    private final WorkloadRef workload = new WorkloadRef("shop", "checkout");
    private final Revision stable = new Revision("v1", Map.of("image", "shop/checkout:1"));

    EmbeddedClusterCompatibilityTest() {
        cluster.deploy(workload, stable, 4);
    }

    @Override
    protected ClusterTarget target() {
        return cluster;
    }

    @Override
    protected WorkloadRef workload() {
        return workload;
    }

    @Override
    protected Revision stableRevision() {
        return stable;
    }

    @Override
    protected int stableReplicas() {
        return 4;
    }

    @Override
    protected void letPodsBecomeReady() {
        clock.add(READY_DELAY);
    }

    @Override
    protected void makeNeverReady(String revisionId, String reason) {
        cluster.neverReady(revisionId, reason);
    }

    @Override
    protected TrafficRouting trafficRouting() {
        return TrafficRouting.of("istio");
    }

    @Override
    protected Optional<Map<String, Integer>> routedWeights(WorkloadRef workload) {
        return cluster.trafficRouter(workload, trafficRouting())
                .map(router -> ((EmbeddedTrafficRouter) router).weights(workload));
    }
}
