package dev.rollout.k8s.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.testkit.ClusterTargetCompatibilityKit;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.fake.PodBehaviour;
import dev.rollout.k8s.internal.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** The Kubernetes target passes the cluster target kit, routing through a Gateway API route. */
class KubernetesClusterTargetCompatibilityTest extends ClusterTargetCompatibilityKit {
    private final FakeCluster cluster = new FakeCluster();

    KubernetesClusterTargetCompatibilityTest() {
        cluster.seed("gateway.networking.k8s.io/v1", "httproutes", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"rules":[{"backendRefs":[{"name":"web-stable","port":80}]}]}}
                """);
        for (String service : new String[] {"kit-active", "kit-preview"}) {
            cluster.seed("v1", "services", """
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"shop"},
                     "spec":{"selector":{"app":"web"}}}
                    """.formatted(service));
        }
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Override
    protected ClusterTarget target() {
        return cluster.target;
    }

    @Override
    protected WorkloadRef workload() {
        return FakeCluster.WEB;
    }

    @Override
    protected Revision stableRevision() {
        return FakeCluster.STABLE;
    }

    @Override
    protected int stableReplicas() {
        return 4;
    }

    @Override
    protected void letPodsBecomeReady() {
        cluster.settle();
    }

    @Override
    protected void makeNeverReady(String revisionId, String reason) {
        cluster.server.deployments().whenLabel(RolloutLabels.REVISION,
                Names.labelValue(revisionId), PodBehaviour.crashLoop());
    }

    @Override
    protected TrafficRouting trafficRouting() {
        return new TrafficRouting("gatewayAPI", Map.of("httpRoute", "web"));
    }

    @Override
    protected Optional<Map<String, Integer>> routedWeights(WorkloadRef workload) {
        JsonNode refs = cluster.server.get("gateway.networking.k8s.io/v1", "httproutes",
                FakeCluster.NS, "web").orElseThrow().path("spec").path("rules").get(0)
                .path("backendRefs");
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode ref : refs) {
            String revision = ref.path("name").asText().equals("web-stable")
                    ? stableRevision().id() : newRevision().id();
            weights.put(revision, ref.path("weight").asInt(1));
        }
        return Optional.of(weights);
    }
}
