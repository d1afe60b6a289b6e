package dev.rollout.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The delayed scale-down an abort owes ends: when the workload vanished meanwhile (nothing left to
 * scale down, nothing recreated) and when the target fails for longer than the outage limit (what
 * was left behind is reported once); it is not retried forever.
 */
class CleanupEndsTest {
    private static final WorkloadRef APP = new WorkloadRef("shop", "app");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final EmbeddedCluster cluster =
            EmbeddedCluster.builder().name("east").clock(scheduler.clock()).build();
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    CleanupEndsTest() {
        cluster.deploy(APP, Revision.of("v1"), 4, Set.of("app-active", "app-preview"));
    }

    /** Blue/green waiting for a promotion; the new side stays up 30 s after an abort. */
    private static RolloutSpec blueGreen() {
        return new RolloutSpec("app", "shop", 4, new BlueGreenStrategy("app-active",
                Optional.of("app-preview"), OptionalInt.empty(), false, OptionalInt.empty(), 30,
                Optional.empty(), Optional.empty(), 30), 300, false, Map.of());
    }

    private int desired(String revision) {
        return cluster.observe(APP).revision(revision).map(RevisionState::desired).orElse(0);
    }

    private List<String> warnings() {
        return events.stream().filter(RolloutEvent.Warning.class::isInstance)
                .map(e -> ((RolloutEvent.Warning) e).message()).toList();
    }

    private RolloutHandle abortedWithScaleDownPending(RolloutEngine engine) {
        RolloutHandle h = engine.start(blueGreen(), "east", Revision.of("v2"));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(desired("v2")).isEqualTo(4);
        h.abort();
        assertThat(desired("v2")).as("the new side stays up for its delay").isEqualTo(4);
        return h;
    }

    @Test
    void aWorkloadDeletedBeforeTheDelayedScaleDownEndsTheCleanupWithoutRecreatingIt() throws Exception {
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .listener(events::add).build();
        RolloutHandle h = abortedWithScaleDownPending(engine);

        assertThat(cluster.deleteWorkload(APP)).isTrue();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(cluster.workloads()).as("not recreated by the scale-down").doesNotContain(APP);
        assertThat(warnings()).containsExactly("workload shop/app no longer exists on target east:"
                + " nothing left to scale down revision v2 of shop/app (the canary side); the cleanup"
                + " ends");
        assertThat(scheduler.pendingTasks()).as("nothing left to retry").isZero();
        RolloutStatus done = h.completion().toCompletableFuture().get(0, TimeUnit.SECONDS);
        assertThat(done.phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(done.aborted()).isTrue();
    }

    @Test
    void aTargetFailingLongerThanTheOutageLimitDuringTheCleanupGivesUpAndSaysWhatIsLeft()
            throws Exception {
        GatedTarget target = new GatedTarget(cluster, false);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(target)
                .listener(events::add).build();
        RolloutHandle h = abortedWithScaleDownPending(engine);
        target.down(true);

        scheduler.advance(Duration.ofMinutes(5));
        assertThat(warnings()).as("within the limit: retried").noneMatch(w -> w.startsWith("gave up"));
        scheduler.advance(Duration.ofMinutes(2));

        assertThat(warnings()).filteredOn(w -> w.startsWith("gave up")).singleElement()
                .satisfies(w -> assertThat(w).startsWith("gave up cleaning up: target east has failed"
                        + " for 300s without a break").contains("503 Service Unavailable from east")
                        .endsWith("left behind on target east: scale down revision v2 of shop/app"
                                + " (the canary side) was not done; do it by hand"));
        assertThat(scheduler.pendingTasks()).as("no more retries").isZero();
        RolloutStatus done = h.completion().toCompletableFuture().get(0, TimeUnit.SECONDS);
        assertThat(done.phase()).isEqualTo(RolloutPhase.Degraded);

        target.down(false);
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(desired("v2")).as("left as reported").isEqualTo(4);
    }
}
