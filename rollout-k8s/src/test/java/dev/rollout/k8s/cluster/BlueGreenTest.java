package dev.rollout.k8s.cluster;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static dev.rollout.k8s.FakeCluster.STABLE;
import static dev.rollout.k8s.FakeCluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RolloutLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Blue/green by switching the active and preview Services' selectors. */
class BlueGreenTest {
    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClusterTarget target = cluster.target;

    @AfterEach
    void close() {
        cluster.close();
    }

    /** Images of the ready pods a Service's selector picks. */
    private List<String> imagesBehind(String service) {
        JsonNode selector = cluster.service(service).path("spec").path("selector");
        return cluster.server.store().list(cluster.server.type("v1", "pods"), NS).stream()
                .filter(pod -> matches(pod.path("metadata").path("labels"), selector))
                .map(pod -> pod.path("spec").path("containers").get(0).path("image").asText())
                .distinct().sorted().toList();
    }

    private static boolean matches(JsonNode labels, JsonNode selector) {
        var it = selector.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private void startBlueGreen() {
        target.pointService(WEB, "web-active", STABLE.id());
        target.scale(WEB, CANARY, 4);
        target.pointService(WEB, "web-preview", CANARY.id());
        cluster.settle();
    }

    @Test
    void previewSelectsTheNewRevisionWhileActiveKeepsStable() {
        startBlueGreen();

        assertThat(imagesBehind("web-active")).containsExactly("registry.example/web:1");
        assertThat(imagesBehind("web-preview")).containsExactly("registry.example/web:2");
        assertThat(target.observe(WEB).serviceSelectors())
                .containsEntry("web-active", STABLE.id())
                .containsEntry("web-preview", CANARY.id());
        assertThat(cluster.deployment("web").path("spec").path("template").path("metadata")
                .path("labels").has(RolloutLabels.REVISION))
                .as("the stable pods are not restarted to be told apart").isFalse();
        assertThat(cluster.service("web-active").path("spec").path("selector")
                .path(RolloutLabels.POD_TEMPLATE_HASH).asText())
                .as("active selects the stable ReplicaSet's pods").isNotBlank();
    }

    @Test
    void withoutAReplicaSetToTellThemApartTheStablePodsAreLabelledOnce() {
        var api = new dev.rollout.api.cluster.WorkloadRef(NS, "api");
        // seeded with a status but never seen by the controller: no ReplicaSet, no revision
        cluster.seed("apps/v1", "deployments", """
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"shop"},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"api"}},
                   "template":{"metadata":{"labels":{"app":"api"}},
                     "spec":{"containers":[{"name":"api","image":"registry.example/api:1"}]}}},
                 "status":{"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2}}
                """);

        target.pointService(api, "web-preview", "registry.example/api:1");

        assertThat(cluster.deployment("api").path("spec").path("template").path("metadata")
                .path("labels").path(RolloutLabels.REVISION).asText())
                .isEqualTo(cluster.service("web-preview").path("spec").path("selector")
                        .path(RolloutLabels.REVISION).asText()).isNotBlank();
        assertThat(target.observe(api).serviceSelectors())
                .containsEntry("web-preview", "registry.example/api:1");
    }

    @Test
    void promotionSwitchesActiveThenTheUsersDeploymentTakesOver() {
        startBlueGreen();

        target.pointService(WEB, "web-active", CANARY.id());
        assertThat(imagesBehind("web-active")).containsExactly("registry.example/web:2");
        target.markStable(WEB, CANARY);
        cluster.settle();
        target.remove(WEB, CANARY.id());
        cluster.settle();

        assertThat(imagesBehind("web-active")).containsExactly("registry.example/web:2");
        assertThat(imagesBehind("web-preview")).containsExactly("registry.example/web:2");
        assertThat(target.observe(WEB).stableRevision()).contains(CANARY.id());
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
    }

    @Test
    void abortPointsActiveBackAtStableAndRemovesTheNewSide() {
        startBlueGreen();
        target.pointService(WEB, "web-active", CANARY.id());

        target.pointService(WEB, "web-active", STABLE.id());
        target.remove(WEB, CANARY.id());
        cluster.settle();

        assertThat(imagesBehind("web-active")).containsExactly("registry.example/web:1");
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(target.observe(WEB).serviceSelectors()).containsEntry("web-active", STABLE.id());
        assertThat(target.observe(WEB).revision(STABLE.id()).orElseThrow().fullyAvailable())
                .isTrue();
    }
}
