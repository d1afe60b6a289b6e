package dev.rollout.k8s.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.conductor.versions.Admission;
import dev.rollout.core.conductor.versions.DeployConflictException;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.conductor.versions.DeployTicket;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.HistoryEntry;
import dev.rollout.core.conductor.versions.VersionStore;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The version store over ConfigMaps: two conductors on one namespace share the queue and lose no write. */
class VersionStoreOnKubernetesTest {
    private static final Comparator<Revision> ORDER =
            Comparator.comparingInt(r -> Integer.parseInt(r.id().substring(1)));

    private final FakeKubeApiServer server = FakeKubeApiServer.start();
    private final MockClock clock = new MockClock();
    private final AtomicReference<Runnable> beforeNextPut = new AtomicReference<>();
    private final StateStore storeA = interleaving(new KubernetesStateStore(
            KubernetesConnection.of("a", server.apiClient()), "rollouts"));
    private final VersionStore conductorA = new VersionStore(storeA, clock);
    private final VersionStore conductorB = new VersionStore(new KubernetesStateStore(
            KubernetesConnection.of("b", server.apiClient()), "rollouts"), clock);

    @AfterEach
    void close() {
        server.close();
    }

    private static Revision v(int n) {
        return new Revision("v" + n, Map.of("image", "shop:" + n));
    }

    private static DeployTicket ticket(String id, int n) {
        return new DeployTicket(id, v(n), "conductor-" + id, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Store A, which runs a hook (the other conductor's write) between its read and its write. */
    private StateStore interleaving(StateStore store) {
        return new StateStore() {
            @Override
            public Optional<Stored> get(String key) {
                return store.get(key);
            }

            @Override
            public List<Stored> list() {
                return store.list();
            }

            @Override
            public long put(String key, String document, long expectedVersion) {
                Runnable hook = beforeNextPut.getAndSet(null);
                if (hook != null) {
                    hook.run();
                }
                return store.put(key, document, expectedVersion);
            }

            @Override
            public void delete(String key, long expectedVersion) {
                store.delete(key, expectedVersion);
            }
        };
    }

    @Test
    void aConductorThatLosesTheCompareAndSetReDecidesOnFreshState() {
        DeployTicket first = ticket("b1", 1);
        DeployTicket second = ticket("a1", 2);
        // A reads an empty queue and would run v2, but B writes its v1 deploy before A's write.
        beforeNextPut.set(() -> assertThat(conductorB.submit("shop", "prod", first, ORDER))
                .isEqualTo(new Admission.Run(first)));

        Admission admission = conductorA.submit("shop", "prod", second, ORDER);

        assertThat(admission).isEqualTo(new Admission.Pending(second, Optional.empty()));
        EnvironmentVersions seenByB = conductorB.get("shop", "prod");
        assertThat(seenByB.deploying()).contains(first);
        assertThat(seenByB.pending()).contains(second);
        assertThat(server.get("v1", "configmaps", "rollouts",
                KubernetesStateStore.configMapName(VersionStore.key("shop", "prod")))).isPresent();
    }

    @Test
    void theQueueDrainsAcrossConductorsAndNeitherCanRegressACluster() {
        conductorB.submit("shop", "prod", ticket("b1", 1), ORDER);
        conductorB.clusterDeployed("shop", "prod", "b1", "eu-1", v(1), ORDER);
        assertThat(conductorA.submit("shop", "prod", ticket("a2", 3), ORDER))
                .isInstanceOf(Admission.Pending.class);
        Optional<DeployTicket> next = conductorB.finish("shop", "prod", "b1", DeployResult.Deployed, "");
        assertThat(next.map(DeployTicket::requestId)).contains("a2");

        assertThatThrownBy(() -> conductorA.clusterDeployed("shop", "prod", "b1", "eu-1", v(1), ORDER))
                .isInstanceOf(DeployConflictException.class).hasMessageContaining("a2");
        conductorA.clusterDeployed("shop", "prod", "a2", "eu-1", v(3), ORDER);
        assertThatThrownBy(() -> conductorB.rollbackTo("shop", "prod", "eu-1", v(1), "bad"))
                .as("no deliberate rollback while a deploy runs").isInstanceOf(DeployConflictException.class);
        conductorA.finish("shop", "prod", "a2", DeployResult.Deployed, "");

        assertThat(conductorB.submit("shop", "prod", ticket("b2", 2), ORDER))
                .isInstanceOfSatisfying(Admission.Refused.class,
                        refused -> assertThat(refused.newer()).isEqualTo(v(3)));
        EnvironmentVersions env = conductorB.get("shop", "prod");
        assertThat(env.clusters().get("eu-1").revision()).isEqualTo(v(3));
        assertThat(env.clusters().get("eu-1").previous()).contains(v(1));
        assertThat(env.history()).extracting(HistoryEntry::kind).containsExactly(
                HistoryEntry.Kind.REQUESTED, HistoryEntry.Kind.DEPLOYED, HistoryEntry.Kind.REQUESTED,
                HistoryEntry.Kind.FINISHED, HistoryEntry.Kind.DEPLOYED, HistoryEntry.Kind.FINISHED,
                HistoryEntry.Kind.REFUSED);
        assertThat(conductorA.list("shop")).containsExactly(env);
    }

    @Test
    void aConflictAnsweredByTheApiServerIsRetried() {
        conductorA.submit("shop", "prod", ticket("a1", 1), ORDER);
        server.faults().on("PUT", "/api/v1/namespaces/rollouts/configmaps/.*").times(1).conflict();

        conductorA.started("shop", "prod", "a1");

        assertThat(conductorB.get("shop", "prod").history()).extracting(HistoryEntry::kind)
                .containsExactly(HistoryEntry.Kind.REQUESTED, HistoryEntry.Kind.STARTED);
        assertThat(server.requests().matching("PUT", ".*configmaps.*")).hasSize(2);
    }
}
