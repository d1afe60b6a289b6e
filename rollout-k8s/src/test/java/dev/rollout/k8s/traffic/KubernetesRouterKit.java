package dev.rollout.k8s.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.testkit.TrafficRouterCompatibilityKit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;

/**
 * A built-in router on the fake API server, for the traffic router kit: the canary revision runs
 * beside the stable one, the routed weights are read back from the routing object as stored, and
 * every write request counts.
 */
abstract class KubernetesRouterKit extends TrafficRouterCompatibilityKit {
    protected final FakeCluster cluster = new FakeCluster();
    private TrafficRouter router;

    /** Seeds the routing objects and returns the routing block. */
    protected abstract TrafficRouting seed();

    /** The weight per Service name as the stored routing object says, empty when it has none yet. */
    protected abstract Map<String, Integer> storedWeights();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Override
    protected TrafficRouter router() {
        if (router == null) {
            router = cluster.target.trafficRouter(FakeCluster.WEB, seed()).orElseThrow();
            cluster.target.scale(FakeCluster.WEB, FakeCluster.CANARY, 1);
            cluster.settle();
        }
        return router;
    }

    @Override
    protected WorkloadRef workload() {
        return FakeCluster.WEB;
    }

    @Override
    protected String stableRevision() {
        return FakeCluster.STABLE.id();
    }

    @Override
    protected String canaryRevision() {
        return FakeCluster.CANARY.id();
    }

    @Override
    protected Optional<Map<String, Integer>> routedWeights() {
        Map<String, Integer> byRevision = new LinkedHashMap<>();
        storedWeights().forEach((service, weight) -> byRevision.merge(
                service.equals("web-canary") ? canaryRevision() : stableRevision(), weight, Integer::sum));
        if (byRevision.isEmpty()) {
            byRevision.put(stableRevision(), 100);
        }
        return Optional.of(byRevision);
    }

    @Override
    protected OptionalLong writes() {
        return OptionalLong.of(cluster.writes().size());
    }

    /** The stored object. */
    protected Optional<JsonNode> stored(String apiVersion, String plural, String name) {
        return cluster.server.get(apiVersion, plural, FakeCluster.NS, name).map(JsonNode.class::cast);
    }
}
