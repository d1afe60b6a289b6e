package dev.rollout.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Clock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Target calls run off the shared scheduler's threads, and virtual time waits for them. */
class TargetOffSchedulerTest {
    private static final WorkloadRef APP = new WorkloadRef("shop", "app");

    private static RolloutSpec spec(String name) {
        return RolloutSpec.of(name, 4, CanaryStrategy.of(List.of(new CanaryStep.SetWeight(25),
                new CanaryStep.SetWeight(50), new CanaryStep.SetWeight(75)))).inNamespace("shop");
    }

    private static GatedTarget target(String name, Clock clock) {
        EmbeddedCluster cluster = EmbeddedCluster.builder().name(name).clock(clock).build();
        cluster.deploy(APP, Revision.of("v1"), 4);
        cluster.deploy(new WorkloadRef("shop", "other"), Revision.of("v1"), 4);
        return new GatedTarget(cluster, true);
    }

    @Test
    void aTargetHungOnOneRolloutDoesNotDelayAnotherOnAOneThreadScheduler() throws Exception {
        GatedTarget slow = target("slow", Clock.SYSTEM);
        GatedTarget fast = target("fast", Clock.SYSTEM);
        try (ExecutorScheduler scheduler = new ExecutorScheduler(1)) {
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(slow, fast)
                    .readinessBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).build();
            slow.hold();
            RolloutHandle a = engine.start(spec("app"), "slow", Revision.of("v2"));
            assertThat(slow.awaitHeld(10)).as("rollout A is inside a hung call").isTrue();

            RolloutHandle b = engine.start(spec("other"), "fast", Revision.of("v2"));
            RolloutStatus done = b.completion().toCompletableFuture().get(20, TimeUnit.SECONDS);

            assertThat(done.phase()).as("B promoted while A's call hangs").isEqualTo(RolloutPhase.Healthy);
            assertThat(a.status().phase()).isEqualTo(RolloutPhase.Progressing);
            assertThat(a.status().stableRevision()).isEqualTo("v1");
            assertThat(slow.threads).as("no scheduler thread ever called a target")
                    .noneMatch(t -> t.startsWith("rollout-engine-"));
            assertThat(fast.threads).noneMatch(t -> t.startsWith("rollout-engine-"));

            slow.release();
            assertThat(a.completion().toCompletableFuture().get(20, TimeUnit.SECONDS).phase())
                    .isEqualTo(RolloutPhase.Healthy);
            engine.close();
        }
    }

    @Test
    void underVirtualTimeTheClockWaitsForReconcilesOnTheTargetExecutor() {
        VirtualScheduler scheduler = new VirtualScheduler();
        GatedTarget blocking = target("blocking", scheduler.clock());
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(blocking).build();
        RolloutSpec paused = RolloutSpec.of("app", 4, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(25), CanaryStep.Pause.of(Duration.ofMinutes(10)),
                new CanaryStep.SetWeight(50)))).inNamespace("shop");

        RolloutHandle h = engine.start(paused, "blocking", Revision.of("v2"));
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(blocking.threads).as("reconciles ran on the target executor, not the scheduler's thread")
                .anyMatch(t -> t.startsWith("rollout-target-"));
        assertThat(scheduler.externalWorkInFlight()).isZero();
        engine.close();
    }

    @Test
    void aTargetThatAnswersFromMemoryIsCalledOnTheSchedulerThread() {
        VirtualScheduler scheduler = new VirtualScheduler();
        EmbeddedCluster cluster = EmbeddedCluster.builder().name("mem").clock(scheduler.clock()).build();
        cluster.deploy(APP, Revision.of("v1"), 4);
        GatedTarget inMemory = new GatedTarget(cluster, false);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(inMemory).build();

        RolloutHandle h = engine.start(spec("app"), "mem", Revision.of("v2"));
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(inMemory.threads).containsOnly(Thread.currentThread().getName());
    }
}
