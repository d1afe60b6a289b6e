package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static dev.rollout.core.EngineFixture.routedCanary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.model.StepRecord;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorActionsTest {
    private final EngineFixture f = new EngineFixture();

    private RolloutHandle pausedAt30(boolean routed) {
        CanaryStep[] steps = {new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite(),
                new CanaryStep.SetWeight(60), CanaryStep.Pause.indefinite()};
        RolloutHandle h = f.engine().start(routed ? routedCanary(steps) : canary(steps), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        return h;
    }

    @Test
    void abortWithRouterMovesTrafficAtOnceAndScalesDownAfterTheDelay() {
        RolloutHandle h = pausedAt30(true);
        RolloutStatus aborted = h.abort();

        assertThat(aborted.phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(aborted.aborted()).isTrue();
        assertThat(aborted.message()).isEqualTo("Rollout aborted update to revision v2");
        assertThat(aborted.canaryWeight()).isZero();
        assertThat(f.target.weight()).isZero();
        assertThat(f.target.desired("v2")).isEqualTo(3);

        f.advance(Duration.ofSeconds(29));
        assertThat(f.target.desired("v2")).isEqualTo(3);
        f.advance(Duration.ofSeconds(1));
        assertThat(f.target.desired("v2")).isZero();
        assertThat(f.events(RolloutEvent.Aborted.class)).hasSize(1);
        assertThat(f.scheduler.pendingTasks()).isZero();
    }

    @Test
    void abortWithoutRouterScalesBackWithinTheSurgeAndAvailability() {
        RolloutHandle h = pausedAt30(false);
        assertThat(f.target.desired("v1")).isEqualTo(7);
        RolloutStatus st = h.abort();
        // R=10, maxSurge 3, maxUnavailable 2: stable grows into the 3 spare pods, and the canary
        // keeps 1 of its 3 until the new stable pods are available (7 + 1 = 8 available).
        assertThat(st.canaryWeight()).isZero();
        assertThat(f.target.desired("v1")).isEqualTo(10);
        assertThat(f.target.desired("v2")).isEqualTo(1);
        f.run();
        assertThat(f.target.desired("v2")).isZero();
        assertThat(f.target.desired("v1")).isEqualTo(10);
        assertThat(h.status().canaryReplicas()).isZero();
        assertThat(h.status().stableReplicas()).isEqualTo(10);
        assertThat(h.abort()).isEqualTo(h.status()); // a second abort changes nothing
    }

    @Test
    void retryAfterAbortStartsAgainAtStepZero() {
        RolloutHandle h = pausedAt30(false);
        h.abort();
        RolloutStatus retried = h.retry();
        assertThat(retried.aborted()).isFalse();
        assertThat(retried.currentStepIndex()).isZero();
        assertThat(retried.history()).isEmpty();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().currentStepIndex()).isEqualTo(1);
        assertThat(h.status().canaryReplicas()).isEqualTo(3);
        h.promote();
        f.run();
        h.promote();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void retryWithoutAbortChangesNothing() {
        RolloutHandle h = pausedAt30(false);
        RolloutStatus before = h.status();
        assertThat(h.retry()).isEqualTo(before);
    }

    @Test
    void promoteSkipsTheCurrentStepWhenNotPaused() {
        f.target.readyDelay(null); // pods never become ready on their own
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.advance(Duration.ofSeconds(10));
        assertThat(h.status().currentStepIndex()).isZero();
        h.promote();
        f.advance(Duration.ofSeconds(1));
        assertThat(h.status().currentStepIndex()).isEqualTo(1);
        assertThat(h.status().history()).extracting(StepRecord::step).containsExactly(0);
        // The pause step still waits for the weight already set to be available.
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Progressing);
        f.target.makeAvailable("v2");
        f.advance(Duration.ofMinutes(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
    }

    @Test
    void promoteFullSkipsEveryRemainingStepAndAnalysis() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(10), CanaryStep.Pause.indefinite(),
                new CanaryStep.Analysis(AnalysisRef.of("never-started")), new CanaryStep.SetWeight(50)),
                "local", V2);
        f.run();
        h.promoteFull();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().history()).extracting(StepRecord::type).containsExactly("setWeight");
        assertThat(f.launcher.started()).isEmpty();
        assertThat(f.target.ops()).containsExactly("scale v2 1", "scale v1 9", "scale v2 4",
                "scale v1 7", "scale v2 6", "scale v1 2", "scale v2 10", "scale v1 0",
                "markStable v2", "remove v1");
    }

    @Test
    void pauseAndResumeHoldTheRolloutWithUserPause() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(10),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(50)), "local", V2);
        RolloutStatus paused = h.pause();
        assertThat(paused.phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(paused.pauseConditions()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.UserPause);
        f.run();
        assertThat(f.target.ops()).isEmpty();

        RolloutStatus resumed = h.resume();
        assertThat(resumed.phase()).isEqualTo(RolloutPhase.Progressing);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.events(RolloutEvent.Resumed.class)).isNotEmpty();
    }

    @Test
    void undoToTheStableRevisionIsFastTracked() {
        RolloutHandle h = pausedAt30(true);
        RolloutStatus st = h.undo(Revision.of("v1"));
        assertThat(st.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(st.newRevision()).isEqualTo("v1");
        assertThat(st.stableRevision()).isEqualTo("v1");
        assertThat(f.target.weight()).isZero();
        assertThat(f.target.exists("v2")).isFalse();
        assertThat(f.target.stable()).contains("v1");
        f.run();
        assertThat(f.scheduler.pendingTasks()).isZero();
    }

    @Test
    void undoToAnotherRevisionRollsItOutThroughEveryStep() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(50)), "local", V2);
        f.run();
        assertThat(h.status().stableRevision()).isEqualTo("v2");

        RolloutStatus st = h.undo(Revision.of("v1"));
        assertThat(st.newRevision()).isEqualTo("v1");
        assertThat(st.stableRevision()).isEqualTo("v2");
        assertThat(st.phase()).isEqualTo(RolloutPhase.Progressing);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().history()).hasSize(1);
        assertThat(f.target.stable()).contains("v1");
        assertThat(f.target.exists("v2")).isFalse();
    }

    @Test
    void startingANewRevisionSupersedesTheOneInFlight() {
        RolloutEngine engine = f.engine();
        engine.start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()), "local", V2);
        f.run();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()),
                "local", Revision.of("v3"));
        // The superseded canary goes within the bounds: stable first takes the surge's room.
        assertThat(f.target.desired("v1") + f.target.desired("v2")).isLessThanOrEqualTo(13);
        f.run();
        assertThat(f.target.exists("v2")).isFalse();
        assertThat(h.status().newRevision()).isEqualTo("v3");
        assertThat(h.status().stableRevision()).isEqualTo("v1");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(f.target.desired("v3")).isEqualTo(3).isEqualTo(h.status().canaryReplicas());
        assertThat(f.target.desired("v1")).isEqualTo(7).isEqualTo(h.status().stableReplicas());
        assertThat(engine.rollout("default/app")).containsSame(h);
    }

    @Test
    void actionsOnAFinishedRolloutChangeNothing() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(50)), "local", V2);
        f.run();
        RolloutStatus done = h.status();
        assertThat(h.promote()).isEqualTo(done);
        assertThat(h.abort()).isEqualTo(done);
        assertThat(h.pause()).isEqualTo(done);
        assertThat(h.promoteFull()).isEqualTo(done);
    }

    @Test
    void crashLoopingRevisionAbortsWithTheTargetsReason() {
        f.target.readyDelay(null);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30)), "local", V2);
        f.advance(Duration.ofSeconds(5));
        f.target.fail("v2", "CrashLoopBackOff: container app exited 1");
        f.advance(Duration.ofMinutes(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).isEqualTo(
                "Rollout aborted update to revision v2: revision v2 failed: CrashLoopBackOff: container app exited 1");
        assertThat(f.target.desired("v2")).isZero();
    }

    @Test
    void progressDeadlineMarksDegradedAndRecoversWhenPodsComeUp() {
        f.target.readyDelay(null);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30)).withProgressDeadline(120, false),
                "local", V2);
        f.advance(Duration.ofSeconds(119));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Progressing);
        f.advance(Duration.ofSeconds(2));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().aborted()).isFalse();
        assertThat(h.status().message()).startsWith("ProgressDeadlineExceeded: revision v2");

        f.target.makeAvailable("v2");
        f.target.readyDelay(Duration.ZERO);
        f.advance(Duration.ofMinutes(10));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void progressDeadlineAbortAborts() {
        f.target.readyDelay(null);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30)).withProgressDeadline(60, true),
                "local", V2);
        f.run();
        assertThat(h.status().aborted()).isTrue();
        assertThat(h.status().message()).startsWith(
                "Rollout aborted update to revision v2: ProgressDeadlineExceeded: revision v2 made no progress for 60s");
    }

    @Test
    void pausedTimeDoesNotCountAgainstTheDeadline() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(30),
                CanaryStep.Pause.of(Duration.ofMinutes(30)), new CanaryStep.SetWeight(60))
                .withProgressDeadline(60, true), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void readinessPollsBackOffInsteadOfStorming() {
        f.target.readyDelay(null);
        f.engine().start(canary(new CanaryStep.SetWeight(30)), "local", V2);
        long before = f.scheduler.executedTasks();
        f.advance(Duration.ofMinutes(9));
        // 1, 2, 4, 8, 16, then every 30 s: about 20 looks in nine minutes, not hundreds.
        assertThat(f.scheduler.executedTasks() - before).isBetween(10L, 25L);
    }

    @Test
    void actionsFromManyThreadsOnARealSchedulerNeverInterleave() throws Exception {
        try (var scheduler = new dev.rollout.core.scheduler.ExecutorScheduler(4)) {
            FakeTarget target = new FakeTarget("local", scheduler).withStable("v1", 10).readyDelay(Duration.ZERO);
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(target)
                    .listener(e -> {
                        if (e instanceof RolloutEvent.Promoted) {
                            done.countDown();
                        }
                    }).build();
            CanaryStep[] steps = new CanaryStep[20];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = i % 2 == 0 ? new CanaryStep.SetWeight(5 * (i / 2 + 1)) : CanaryStep.Pause.indefinite();
            }
            RolloutHandle h = engine.start(canary(steps), "local", V2);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                pool.submit(() -> {
                    while (done.getCount() > 0) {
                        h.promote();
                        h.status();
                    }
                });
            }
            assertThat(done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            pool.shutdownNow();
            assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(h.status().history()).extracting(StepRecord::step)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
            engine.close();
        }
    }

    @Test
    void withoutDegradedPollingAMissedDeadlineLeavesNothingScheduled() {
        f.target.readyDelay(null);
        RolloutHandle h = f.builder().degradedPollInterval(Duration.ZERO).build()
                .start(canary(new CanaryStep.SetWeight(30)).withProgressDeadline(60, false), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(f.scheduler.pendingTasks()).isZero();
        f.target.makeAvailable("v2");
        f.target.readyDelay(Duration.ZERO);
        h.promote(); // any action looks again
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }
}
