package dev.rollout.core.conductor.versions;

import static dev.rollout.core.conductor.versions.Releases.ORDER;
import static dev.rollout.core.conductor.versions.Releases.ticket;
import static dev.rollout.core.conductor.versions.Releases.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.ConflictException;
import dev.rollout.api.MockClock;
import dev.rollout.core.conductor.versions.HistoryEntry.Kind;
import dev.rollout.core.state.InMemoryStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recording clusters: fenced by the request holding the deploy, never to an older revision but by a rollback. */
class VersionStoreClustersTest {
    private final MockClock clock = new MockClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final VersionStore versions = new VersionStore(state, clock);

    private void deploy(String requestId, int revision, String... clusters) {
        assertThat(versions.submit("shop", "prod", ticket(requestId, revision), ORDER))
                .isInstanceOf(Admission.Run.class);
        versions.started("shop", "prod", requestId);
        for (String cluster : clusters) {
            versions.clusterDeployed("shop", "prod", requestId, cluster, v(revision), ORDER);
        }
        versions.finish("shop", "prod", requestId, DeployResult.Deployed, "");
    }

    @Test
    void aDeployedClusterKeepsItsPreviousRevisionTheTimeAndTheRequest() {
        deploy("r1", 1, "eu-1");
        clock.add(Duration.ofHours(1));
        deploy("r2", 2, "eu-1");

        ClusterVersion eu = versions.get("shop", "prod").clusters().get("eu-1");
        assertThat(eu).isEqualTo(new ClusterVersion("eu-1", v(2),
                Instant.parse("2026-03-01T11:00:00Z"), "r2", Optional.of(v(1))));
        assertThat(eu.revision().attributes()).containsEntry("image", "shop:2");
        assertThat(versions.get("shop", "prod").history())
                .filteredOn(e -> e.kind() == Kind.DEPLOYED)
                .extracting(HistoryEntry::requestId, HistoryEntry::revision, HistoryEntry::cluster)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", "v1", "eu-1"),
                        org.assertj.core.groups.Tuple.tuple("r2", "v2", "eu-1"));
    }

    @Test
    void onlyTheRequestHoldingTheDeployMayRecord() {
        deploy("r1", 1, "eu-1");
        versions.submit("shop", "prod", ticket("r2", 2), ORDER);

        assertThatThrownBy(() -> versions.clusterDeployed("shop", "prod", "r1", "us-1", v(1), ORDER))
                .isInstanceOf(DeployConflictException.class).isInstanceOf(ConflictException.class)
                .hasMessageContaining("r1").hasMessageContaining("r2 of v2 is deploying");
        assertThatThrownBy(() -> versions.finish("shop", "prod", "r1", DeployResult.Deployed, ""))
                .isInstanceOf(DeployConflictException.class);
        assertThatThrownBy(() -> versions.clusterFailed("shop", "prod", "r1", "eu-1", "boom"))
                .isInstanceOf(DeployConflictException.class);
        assertThatThrownBy(() -> versions.clusterDeployed("shop", "prod", "r2", "eu-1", v(3), ORDER))
                .as("a request records its own revision only")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v2");
        assertThat(versions.get("shop", "prod").clusters()).containsOnlyKeys("eu-1");
    }

    @Test
    void recordingTheSameClusterTwiceIsANoOpSoAResumedDeployMayRepeatIt() {
        versions.submit("shop", "prod", ticket("r1", 1), ORDER);
        versions.clusterDeployed("shop", "prod", "r1", "eu-1", v(1), ORDER);
        long version = state.get(VersionStore.key("shop", "prod")).orElseThrow().version();

        versions.clusterDeployed("shop", "prod", "r1", "eu-1", v(1), ORDER);

        assertThat(state.get(VersionStore.key("shop", "prod")).orElseThrow().version()).isEqualTo(version);
    }

    @Test
    void aClusterNeverMovesToAnOlderRevisionByADeploy() {
        // Only a hand-edited or foreign document can hold a deploy older than a cluster; the store still refuses.
        VersionDocument doc = new VersionDocument("shop", "prod");
        doc.clusters.put("eu-1", new ClusterVersion("eu-1", v(5), clock.instant(), "r0", Optional.empty()));
        doc.deploying = ticket("r1", 4);
        state.put(VersionStore.key("shop", "prod"), new VersionCodec().encode(doc), 0);

        assertThatThrownBy(() -> versions.clusterDeployed("shop", "prod", "r1", "eu-1", v(4), ORDER))
                .isInstanceOf(DeployConflictException.class)
                .hasMessageContaining("v5").hasMessageContaining("v4").hasMessageContaining("rollback");
        assertThat(versions.get("shop", "prod").clusters().get("eu-1").revision()).isEqualTo(v(5));
    }

    @Test
    void onFailureRollbackReturnsAClusterToItsPreviousRevisionOnRecord() {
        deploy("r1", 1, "eu-1", "us-1");
        versions.submit("shop", "prod", ticket("r2", 2), ORDER);
        versions.clusterDeployed("shop", "prod", "r2", "eu-1", v(2), ORDER);
        versions.clusterFailed("shop", "prod", "r2", "us-1", "pods crash");
        clock.add(Duration.ofMinutes(5));

        versions.clusterRolledBack("shop", "prod", "r2", "eu-1", v(1));
        versions.finish("shop", "prod", "r2", DeployResult.RolledBack, "us-1 failed");

        EnvironmentVersions env = versions.get("shop", "prod");
        assertThat(env.clusters().get("eu-1")).isEqualTo(new ClusterVersion("eu-1", v(1),
                clock.instant(), "r2", Optional.of(v(2))));
        assertThat(env.history()).extracting(HistoryEntry::kind).endsWith(
                Kind.DEPLOYED, Kind.FAILED, Kind.ROLLED_BACK, Kind.FINISHED);
        assertThat(env.history().get(env.history().size() - 3).cluster()).isEqualTo("us-1");
        assertThat(env.history().get(env.history().size() - 2).revision()).isEqualTo("v1");
    }

    @Test
    void aDeliberateRollbackIsRecordedWithItsReasonAndNeedsNothingDeploying() {
        deploy("r1", 1, "eu-1");
        deploy("r2", 2, "eu-1");
        versions.submit("shop", "prod", ticket("r3", 3), ORDER);

        assertThatThrownBy(() -> versions.rollbackTo("shop", "prod", "eu-1", v(1), "bad release"))
                .isInstanceOf(DeployConflictException.class).hasMessageContaining("r3");
        versions.finish("shop", "prod", "r3", DeployResult.Failed, "gate failed");
        versions.rollbackTo("shop", "prod", "eu-1", v(1), "v2 leaks memory");

        EnvironmentVersions env = versions.get("shop", "prod");
        ClusterVersion eu = env.clusters().get("eu-1");
        assertThat(eu.revision()).isEqualTo(v(1));
        assertThat(eu.previous()).contains(v(2));
        assertThat(eu.requestId()).startsWith("rollback-");
        assertThat(env.history()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.ROLLED_BACK);
            assertThat(e.message()).contains("v2", "v2 leaks memory");
        });
        assertThatThrownBy(() -> versions.rollbackTo("shop", "prod", "ap-1", v(1), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ap-1");
    }

    @Test
    void aRestartedConductorSeesTheDeployInFlightAndTheClustersItFinished() {
        deploy("r1", 1, "eu-1", "us-1", "ap-1");
        versions.submit("shop", "prod", ticket("r2", 2), ORDER);
        versions.clusterDeployed("shop", "prod", "r2", "eu-1", v(2), ORDER);
        versions.clusterDeployed("shop", "prod", "r2", "us-1", v(2), ORDER);
        // the conductor dies here; another one opens the same store

        VersionStore restarted = new VersionStore(state, clock);
        DeployTicket inFlight = restarted.inFlight("shop", "prod").orElseThrow();
        assertThat(inFlight.requestId()).isEqualTo("r2");
        assertThat(restarted.get("shop", "prod").clustersDone()).containsExactly("eu-1", "us-1");

        assertThat(restarted.takeOver("shop", "prod", "r2", "host-b:42"))
                .contains(inFlight.withOwner("host-b:42"));
        assertThat(restarted.takeOver("shop", "prod", "r9", "host-b:42")).isEmpty();
        restarted.clusterDeployed("shop", "prod", "r2", "ap-1", v(2), ORDER);
        restarted.finish("shop", "prod", "r2", DeployResult.Deployed, "");

        EnvironmentVersions env = restarted.get("shop", "prod");
        assertThat(env.clusters().values()).allSatisfy(c -> assertThat(c.revision()).isEqualTo(v(2)));
        assertThat(env.history()).filteredOn(e -> e.kind() == Kind.TAKEN_OVER).singleElement()
                .extracting(HistoryEntry::message).asString().contains("owner-r2", "host-b:42");
    }
}
