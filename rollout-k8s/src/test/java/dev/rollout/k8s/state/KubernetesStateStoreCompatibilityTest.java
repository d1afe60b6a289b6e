package dev.rollout.k8s.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.ConflictException;
import dev.rollout.api.spi.StateStore;
import dev.rollout.testkit.StateStoreCompatibilityKit;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ConfigMap store passes the state store kit, plus ConfigMap-specific checks. */
class KubernetesStateStoreCompatibilityTest extends StateStoreCompatibilityKit {
    private final FakeKubeApiServer server = FakeKubeApiServer.start();
    private final KubernetesStateStore store = new KubernetesStateStore(
            KubernetesConnection.of("a", server.apiClient()), "rollouts");
    private final KubernetesStateStore elsewhere = new KubernetesStateStore(
            KubernetesConnection.of("b", server.apiClient()), "rollouts");

    @AfterEach
    void close() {
        server.close();
    }

    @Override
    protected StateStore store() {
        return store;
    }

    @Override
    protected StateStore sameDataElsewhere() {
        return elsewhere;
    }

    @Test
    void eachRolloutLivesInItsOwnLabelledConfigMap() {
        store.put("prod/shop/web", "{\"step\":2}", 0);

        var cm = server.get("v1", "configmaps", "rollouts",
                KubernetesStateStore.configMapName("prod/shop/web")).orElseThrow();
        assertThat(cm.path("data").path("state").asText()).isEqualTo("{\"step\":2}");
        assertThat(cm.path("metadata").path("labels").path("rollouts.dev/managed-by").asText())
                .isEqualTo("rollout-state");
        assertThat(cm.path("metadata").path("annotations").path("rollouts.dev/state-key")
                .asText()).isEqualTo("prod/shop/web");
    }

    @Test
    void aConcurrentChangeBetweenReadAndWriteIsAConflictFromTheServer() {
        long v1 = store.put("k", "a", 0);
        // the server rejects the PUT as if another writer slipped in after our read
        server.faults().on("PUT", "/api/v1/namespaces/rollouts/configmaps/.*").times(1)
                .conflict();

        assertThatThrownBy(() -> store.put("k", "b", v1)).isInstanceOf(ConflictException.class);
        assertThat(store.get("k").orElseThrow().document()).isEqualTo("a");
        assertThat(server.requests().matching("PUT", ".*configmaps.*"))
                .allMatch(e -> e.body().contains("\"resourceVersion\""));
    }
}
