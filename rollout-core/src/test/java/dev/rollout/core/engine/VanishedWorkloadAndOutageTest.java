package dev.rollout.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A workload deleted mid-rollout, and a target that stops answering, both end the rollout. */
class VanishedWorkloadAndOutageTest {
    private static final WorkloadRef APP = new WorkloadRef("shop", "app");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final EmbeddedCluster cluster =
            EmbeddedCluster.builder().name("east").clock(scheduler.clock()).build();
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    VanishedWorkloadAndOutageTest() {
        cluster.deploy(APP, Revision.of("v1"), 4);
    }

    private static RolloutSpec spec(int progressDeadlineSeconds) {
        return new RolloutSpec("app", "shop", 4, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(1)),
                new CanaryStep.SetWeight(100))), progressDeadlineSeconds, false, Map.of());
    }

    private int desired(String revision) {
        return cluster.observe(APP).revision(revision).map(RevisionState::desired).orElse(0);
    }

    @Test
    void aWorkloadDeletedDuringTheRolloutAbortsItAndIsNotRecreated() {
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .listener(events::add).build();
        RolloutHandle h = engine.start(spec(600), "east", Revision.of("v2"));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        int writes = cluster.writes();

        assertThat(cluster.deleteWorkload(APP)).isTrue();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).isEqualTo("Rollout aborted update to revision v2: workload"
                + " shop/app no longer exists on target east (deleted while the rollout ran); nothing"
                + " was recreated or changed there: recreate it and retry, or start a new rollout");
        assertThat(events).filteredOn(RolloutEvent.Aborted.class::isInstance).hasSize(1);
        assertThat(cluster.workloads()).as("not recreated behind the user's back").doesNotContain(APP);
        assertThat(cluster.writes()).isEqualTo(writes);
        assertThat(scheduler.pendingTasks()).as("nothing left to retry").isZero();
    }

    @Test
    void aTargetFailingLongerThanTheProgressDeadlineAbortsAndTheAbortIsAppliedWhenItAnswers() {
        GatedTarget target = new GatedTarget(cluster, false);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(target)
                .listener(events::add).build();
        RolloutHandle h = engine.start(spec(300), "east", Revision.of("v2"));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(desired("v2")).isEqualTo(2);

        target.down(true);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(h.status().phase()).as("within the limit: retried").isNotEqualTo(RolloutPhase.Degraded);
        scheduler.advance(Duration.ofMinutes(2));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2: target east"
                + " has failed for 300s without a break").contains("503 Service Unavailable from east");
        assertThat(events).filteredOn(RolloutEvent.Aborted.class::isInstance).hasSize(1);
        assertThat(desired("v2")).as("the abort's writes wait for the target").isEqualTo(2);

        target.down(false);
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(desired("v2")).as("canary scaled down once the target answers").isZero();
        assertThat(desired("v1")).isEqualTo(4);
        assertThat(cluster.observe(APP).stableRevision()).contains("v1");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(events).noneMatch(RolloutEvent.Promoted.class::isInstance);
    }

    @Test
    void theOutageLimitCanBeSetOnTheEngine() {
        GatedTarget target = new GatedTarget(cluster, false);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(target)
                .targetOutageLimit(Duration.ofSeconds(90)).build();
        RolloutHandle h = engine.start(spec(3600), "east", Revision.of("v2"));
        scheduler.advance(Duration.ofSeconds(10));
        target.down(true);

        scheduler.advance(Duration.ofMinutes(3));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).contains("has failed for 90s without a break");
    }
}
