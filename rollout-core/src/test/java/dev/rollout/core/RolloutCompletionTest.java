package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static dev.rollout.core.EngineFixture.routedCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.ExecutorScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A rollout's handle can be waited for: its completion settles on Healthy or an abort. */
class RolloutCompletionTest {
    private final EngineFixture f = new EngineFixture();

    private static CompletableFuture<RolloutStatus> future(RolloutHandle h) {
        return h.completion().toCompletableFuture();
    }

    @Test
    void completesWithTheHealthyStatusOnceTheRolloutIsPromoted() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(50),
                CanaryStep.Pause.of(Duration.ofMinutes(10))), "local", V2);
        CompletableFuture<RolloutStatus> done = future(h);
        f.advance(Duration.ofMinutes(1));
        assertThat(done).isNotDone();

        f.run();

        assertThat(done).isCompleted();
        assertThat(done.join().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(done.join().stableRevision()).isEqualTo("v2");
        // settled now: a later call answers at once
        assertThat(future(h)).isCompletedWithValueMatching(s -> s.phase() == RolloutPhase.Healthy);
    }

    @Test
    void aRolloutPausedForAPersonHasNotSettledAndAnAbortSettlesIt() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        CompletableFuture<RolloutStatus> done = future(h);
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(done).isNotDone();

        h.abort();
        // A basic canary winds down within its surge and availability bounds, in steps.
        f.run();

        assertThat(done).isCompletedWithValueMatching(RolloutStatus::aborted);
        assertThat(done.join().phase()).isEqualTo(RolloutPhase.Degraded);
    }

    @Test
    void anAbortWithADelayedScaleDownSettlesOnceTheCanaryIsGone() {
        RolloutHandle h = f.engine().start(routedCanary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        CompletableFuture<RolloutStatus> done = future(h);
        h.abort();
        assertThat(done).as("canary still scaled up for 30 s").isNotDone();

        f.advance(Duration.ofSeconds(30));

        assertThat(done).isCompletedWithValueMatching(s -> s.aborted() && s.canaryReplicas() == 0);
        assertThat(f.target.desired("v2")).isZero();
    }

    @Test
    void aRetryAfterAnAbortWaitsAnew() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        h.abort();
        f.run();
        assertThat(future(h)).isCompletedWithValueMatching(RolloutStatus::aborted);

        h.retry();
        CompletableFuture<RolloutStatus> again = future(h);
        assertThat(again).isNotDone();
        f.run();
        h.promote();
        f.run();

        assertThat(again).isCompletedWithValueMatching(s -> s.phase() == RolloutPhase.Healthy);
    }

    @Test
    void callbacksRunOutsideTheRolloutsLockAndMayActOnTheHandle() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        List<RolloutStatus> seen = new CopyOnWriteArrayList<>();
        h.completion().thenAccept(s -> seen.add(h.retry()));

        h.abort();
        f.run();

        // the callback retried the rollout from the thread that settled it, without deadlock
        assertThat(seen).singleElement().matches(s -> !s.aborted());
    }

    @Test
    void closingTheEngineFailsTheWaitOfAnUnsettledRollout() throws Exception {
        RolloutEngine engine = f.engine();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        CompletableFuture<RolloutStatus> done = future(h);

        engine.close();

        assertThatThrownBy(done::join).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RolloutException.class)
                .hasMessageContaining("the engine stopped driving rollout default/app before it settled");
        // await answers at once with the status as it stands
        assertThat(h.await(Duration.ofMinutes(10)).phase()).isEqualTo(RolloutPhase.Paused);
    }

    @Test
    void awaitOnVirtualTimeNeverDrivesTheSchedulerAndReturnsTheUnsettledStatusAfterItsTimeout()
            throws Exception {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30),
                CanaryStep.Pause.of(Duration.ofHours(1))), "local", V2);

        RolloutStatus status = h.await(Duration.ofMillis(20));

        assertThat(status.phase()).isEqualTo(RolloutPhase.Progressing);
        f.run();
        assertThat(h.await(Duration.ofMillis(20)).phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void awaitOnRealTimeReturnsOnceTheRolloutIsPromoted() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler()) {
            EmbeddedCluster cluster = EmbeddedCluster.builder().clock(scheduler.clock()).build();
            cluster.deploy(new WorkloadRef("default", "app"), Revision.of("v1"), 4);
            try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster).build()) {
                RolloutHandle h = engine.start(EngineFixture.canary(new CanaryStep.SetWeight(50),
                        CanaryStep.Pause.of(Duration.ofMillis(200))), cluster.name(), V2);

                RolloutStatus status = h.await(Duration.ofSeconds(30));

                assertThat(status.phase()).isEqualTo(RolloutPhase.Healthy);
                assertThat(status.stableRevision()).isEqualTo("v2");
            }
        }
    }
}
