package dev.rollout.core.embedded;

import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.testkit.TrafficRouterCompatibilityKit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The embedded cluster's router passes the traffic router kit, counted by the cluster's operation log. */
class EmbeddedTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {
    private final EmbeddedCluster cluster = EmbeddedCluster.create(new MockClock());
    private final WorkloadRef workload = new WorkloadRef("shop", "checkout");
    private final EmbeddedTrafficRouter router;

    EmbeddedTrafficRouterCompatibilityTest() {
        cluster.deploy(workload, Revision.of("v1"), 4);
        cluster.scale(workload, Revision.of("v2"), 1);
        router = (EmbeddedTrafficRouter) cluster.trafficRouter(workload, TrafficRouting.of("istio")).orElseThrow();
    }

    @Override
    protected TrafficRouter router() {
        return router;
    }

    @Override
    protected WorkloadRef workload() {
        return workload;
    }

    @Override
    protected String stableRevision() {
        return "v1";
    }

    @Override
    protected String canaryRevision() {
        return "v2";
    }

    @Override
    protected Optional<Map<String, Integer>> routedWeights() {
        return Optional.of(router.weights(workload));
    }

    @Override
    protected OptionalLong writes() {
        return OptionalLong.of(cluster.writes(Operation.SET_WEIGHT) + cluster.writes(Operation.RESET_WEIGHT));
    }
}
