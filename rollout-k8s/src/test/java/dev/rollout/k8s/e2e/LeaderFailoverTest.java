package dev.rollout.k8s.e2e;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.leader.LeadershipListener;
import dev.rollout.k8s.leader.LeaseElector;
import dev.rollout.k8s.state.KubernetesStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of an embedding tool: only the Lease holder drives rollouts; when it dies, the
 * other takes the Lease over and resumes the rollout from the ConfigMap store.
 */
class LeaderFailoverTest {
    private final FakeCluster cluster = new FakeCluster();
    /** Each replica has its own scheduler on the shared clock; a replica stops when its does. */
    private final VirtualScheduler replicaA = new VirtualScheduler(cluster.clock);
    private final VirtualScheduler replicaB = new VirtualScheduler(cluster.clock);
    private final List<RolloutHandle> resumedByB = new ArrayList<>();

    LeaderFailoverTest() {
        cluster.server.autoTick(true);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private RolloutEngine engine(VirtualScheduler scheduler) {
        return RolloutEngine.builder().scheduler(scheduler)
                .stateStore(new KubernetesStateStore(cluster.connection, "rollouts"))
                .target(KubernetesClusterTarget.of(cluster.connection))
                .readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10)).build();
    }

    private LeaseElector elector(String identity, VirtualScheduler scheduler,
            LeadershipListener listener) {
        return LeaseElector.builder(cluster.connection, "rollouts", "deploy-tool", identity)
                .retryPeriod(Duration.ofSeconds(5)).scheduler(scheduler).listener(listener)
                .build();
    }

    /** Moves the shared clock in small steps, letting the live replicas run what is due. */
    private void run(Duration total, VirtualScheduler... live) {
        for (long s = 0; s < total.toSeconds(); s += 5) {
            for (VirtualScheduler scheduler : live) {
                // The current instant, reconciles on the target executor included.
                scheduler.runUntilIdle(Duration.ZERO);
            }
            cluster.clock.add(Duration.ofSeconds(5));
        }
        for (VirtualScheduler scheduler : live) {
            scheduler.runUntilIdle(Duration.ZERO);
        }
    }

    @Test
    void theFollowerTakesOverTheLeaseAndFinishesTheRolloutTheLeaderStarted() {
        RolloutEngine engineA = engine(replicaA);
        RolloutEngine engineB = engine(replicaB);
        LeaseElector a = elector("a", replicaA, new LeadershipListener() {
            @Override
            public void startedLeading() {
                engineA.start(EngineEndToEndTest.canary(new CanaryStep.SetWeight(25),
                        CanaryStep.Pause.of(Duration.ofMinutes(10)), new CanaryStep.SetWeight(50)),
                        "fake", CANARY);
            }

            @Override
            public void stoppedLeading() {
                engineA.close();
            }
        });
        LeaseElector b = elector("b", replicaB, new LeadershipListener() {
            @Override
            public void startedLeading() {
                resumedByB.addAll(engineB.resumeAll());
            }

            @Override
            public void stoppedLeading() {
                engineB.close();
            }
        });
        a.start();
        run(Duration.ofSeconds(5), replicaA);
        b.start();

        run(Duration.ofMinutes(2), replicaA, replicaB);
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        assertThat(engineA.rollout("shop/web").orElseThrow().status().phase())
                .isEqualTo(RolloutPhase.Paused);
        assertThat(engineB.list()).as("the follower drives nothing").isEmpty();

        // replica A dies: its scheduler never runs again, the Lease is not released
        run(Duration.ofSeconds(25), replicaB);
        assertThat(b.isLeader()).isTrue();
        assertThat(resumedByB).extracting(RolloutHandle::id).containsExactly("shop/web");

        run(Duration.ofMinutes(15), replicaB);
        assertThat(engineB.rollout("shop/web").orElseThrow().status().phase())
                .isEqualTo(RolloutPhase.Healthy);
        assertThat(cluster.server.requests().matching("POST", ".*/deployments"))
                .as("the canary was created once, by the first leader").hasSize(1);
        assertThat(cluster.deployment("web").path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText())
                .isEqualTo("registry.example/web:2");
        b.stop();
    }
}
