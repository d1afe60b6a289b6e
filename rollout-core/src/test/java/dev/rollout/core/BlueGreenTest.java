package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.model.StepRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BlueGreenTest {
    private final EngineFixture f = new EngineFixture();

    private static RolloutSpec blueGreen(boolean autoPromotion, OptionalInt autoSeconds,
            Optional<AnalysisRef> pre, Optional<AnalysisRef> post, OptionalInt previewReplicas) {
        return EngineFixture.spec(new BlueGreenStrategy("app-active", Optional.of("app-preview"),
                previewReplicas, autoPromotion, autoSeconds, 30, pre, post, 30));
    }

    private static RolloutSpec blueGreen(boolean autoPromotion) {
        return blueGreen(autoPromotion, OptionalInt.empty(), Optional.empty(), Optional.empty(),
                OptionalInt.empty());
    }

    @Test
    void autoPromotionSwitchesOnceTheNewSideIsAvailableThenRemovesTheOldAfterTheDelay() {
        RolloutHandle h = f.engine().start(blueGreen(true), "local", V2);
        f.advance(Duration.ofSeconds(1));
        assertThat(f.target.service("app-preview")).isEqualTo("v2");
        assertThat(f.target.service("app-active")).isNull();
        assertThat(h.status().activeRevision()).contains("v1");
        assertThat(h.status().previewRevision()).contains("v2");

        f.advance(Duration.ofSeconds(10));
        RolloutStatus st = h.status();
        assertThat(st.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(st.activeRevision()).contains("v2");
        assertThat(st.stableRevision()).isEqualTo("v2");
        assertThat(f.target.service("app-active")).isEqualTo("v2");
        assertThat(f.target.exists("v1")).isTrue();

        java.time.Instant promotedAt = f.events(RolloutEvent.Promoted.class).get(0).at();
        f.advance(Duration.between(f.scheduler.clock().instant(), promotedAt.plusSeconds(29)));
        assertThat(f.target.exists("v1")).isTrue();
        f.advance(Duration.ofSeconds(1));
        assertThat(f.target.exists("v1")).isFalse();
        assertThat(f.target.ops()).containsExactly("scale v2 10", "point app-preview v2",
                "point app-active v2", "markStable v2", "remove v1");
        assertThat(f.events(RolloutEvent.ServiceSwitched.class)).extracting(RolloutEvent.ServiceSwitched::service)
                .containsExactly("app-preview", "app-active");
        RolloutStatus done = h.status();
        assertThat(done.stepCount()).isEqualTo(6);
        assertThat(done.currentStepIndex()).isEqualTo(6);
        assertThat(done.history()).extracting(StepRecord::step).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(done.history()).extracting(StepRecord::type).containsExactly("blueGreen:preview",
                "blueGreen:prePromotionAnalysis", "blueGreen:pause", "blueGreen:scaleUp",
                "blueGreen:switch", "blueGreen:postPromotionAnalysis");
        // Events and history name the same steps.
        assertThat(f.events(RolloutEvent.StepCompleted.class))
                .extracting(RolloutEvent.StepCompleted::stepIndex, RolloutEvent.StepCompleted::stepType)
                .containsExactlyElementsOf(done.history().stream()
                        .map(r -> org.assertj.core.groups.Tuple.tuple(r.step(), r.type())).toList());
        // Weight is the share of the active service: 0 before the switch, 100 from it on.
        assertThat(done.history()).extracting(StepRecord::canaryWeight)
                .containsExactly(0, 0, 0, 0, 100, 100);
        assertThat(done.history()).extracting(StepRecord::canaryReplicas).containsOnly(10);
        assertThat(done.history()).extracting(StepRecord::stableReplicas).containsOnly(10);
    }

    @Test
    void aPausedBlueGreenReportsItsStageAsTheCurrentStepAndTheEarlierOnesAsHistory() {
        RolloutHandle h = f.engine().start(blueGreen(false, OptionalInt.empty(), Optional.empty(),
                Optional.of(AnalysisRef.of("post")), OptionalInt.of(3)), "local", V2);
        f.run();
        RolloutStatus paused = h.status();
        assertThat(paused.phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(paused.currentStepIndex()).isEqualTo(2);
        assertThat(paused.history()).extracting(StepRecord::type)
                .containsExactly("blueGreen:preview", "blueGreen:prePromotionAnalysis");
        assertThat(paused.history().get(0).canaryReplicas()).isEqualTo(3);
        assertThat(paused.history().get(0).at()).isEqualTo(
                f.events(RolloutEvent.StepCompleted.class).get(0).at());
    }

    @Test
    void aFailedPostPromotionAnalysisStopsTheHistoryAtTheSwitch() {
        f.launcher.outcome("post", AnalysisPhase.Failed);
        RolloutHandle h = f.engine().start(blueGreen(true, OptionalInt.empty(), Optional.empty(),
                Optional.of(AnalysisRef.of("post")), OptionalInt.empty()), "local", V2);
        f.run();
        RolloutStatus st = h.status();
        assertThat(st.aborted()).isTrue();
        assertThat(st.currentStepIndex()).isEqualTo(5);
        assertThat(st.history()).extracting(StepRecord::step).containsExactly(0, 1, 2, 3, 4);
        assertThat(st.history().get(4).type()).isEqualTo("blueGreen:switch");

        h.retry();
        assertThat(h.status().history()).isEmpty();
        assertThat(h.status().currentStepIndex()).isZero();
    }

    @Test
    void withoutAutoPromotionItPausesUntilPromoted() {
        RolloutHandle h = f.engine().start(blueGreen(false), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().pauseConditions()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.BlueGreenPause);
        assertThat(f.target.service("app-active")).isNull();

        h.promote();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.target.service("app-active")).isEqualTo("v2");
    }

    @Test
    void autoPromotionSecondsPausesForThatLong() {
        RolloutHandle h = f.engine().start(blueGreen(true, OptionalInt.of(120), Optional.empty(),
                Optional.empty(), OptionalInt.empty()), "local", V2);
        f.advance(Duration.ofSeconds(100));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        f.advance(Duration.ofSeconds(30));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void previewReplicaCountScalesUpFullyOnlyBeforeTheSwitch() {
        RolloutHandle h = f.engine().start(blueGreen(false, OptionalInt.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.of(2)), "local", V2);
        f.run();
        assertThat(h.status().canaryReplicas()).isEqualTo(2);
        h.promote();
        f.run();
        assertThat(f.target.ops()).startsWith("scale v2 2", "point app-preview v2", "scale v2 10",
                "point app-active v2");
    }

    @Test
    void failedPrePromotionAnalysisAbortsWithoutSwitching() {
        f.launcher.outcome("smoke", AnalysisPhase.Failed);
        RolloutHandle h = f.engine().start(blueGreen(true, OptionalInt.empty(),
                Optional.of(AnalysisRef.of("smoke")), Optional.empty(), OptionalInt.empty()), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).contains("analysis run app-v2-prepromotion-1 Failed");
        assertThat(f.target.service("app-active")).isNull();
        assertThat(f.target.service("app-preview")).isEqualTo("v1");
        assertThat(f.target.desired("v2")).isZero();
    }

    @Test
    void successfulPrePromotionAnalysisGatesTheSwitch() {
        f.launcher.outcome("smoke", AnalysisPhase.Successful).delay(Duration.ofMinutes(5));
        RolloutHandle h = f.engine().start(blueGreen(true, OptionalInt.empty(),
                Optional.of(AnalysisRef.of("smoke")), Optional.empty(), OptionalInt.empty()), "local", V2);
        f.advance(Duration.ofMinutes(4));
        assertThat(f.target.service("app-active")).isNull();
        f.advance(Duration.ofMinutes(2));
        assertThat(f.target.service("app-active")).isEqualTo("v2");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void failedPostPromotionAnalysisSwitchesBackAndAborts() {
        f.launcher.outcome("post", AnalysisPhase.Failed);
        RolloutHandle h = f.engine().start(blueGreen(true, OptionalInt.empty(), Optional.empty(),
                Optional.of(AnalysisRef.of("post")), OptionalInt.empty()), "local", V2);
        f.run();
        RolloutStatus st = h.status();
        assertThat(st.phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(st.activeRevision()).contains("v1");
        assertThat(st.stableRevision()).isEqualTo("v1");
        assertThat(f.target.ops()).containsSubsequence("point app-active v2", "point app-active v1");
        assertThat(f.target.stable()).contains("v1");
        assertThat(f.target.exists("v1")).isTrue();
    }

    @Test
    void abortPointsActiveBackAndScalesTheNewSideDownAfterItsDelay() {
        RolloutHandle h = f.engine().start(blueGreen(false), "local", V2);
        f.run();
        h.abort();
        assertThat(f.target.service("app-preview")).isEqualTo("v1");
        assertThat(f.target.desired("v2")).isEqualTo(10);
        f.run();
        assertThat(f.target.desired("v2")).isZero();
    }

    @Test
    void promoteFullSkipsThePauseAndAnalysis() {
        RolloutHandle h = f.engine().start(blueGreen(false, OptionalInt.empty(), Optional.empty(),
                Optional.of(AnalysisRef.of("post")), OptionalInt.empty()), "local", V2);
        f.run();
        h.promoteFull();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.launcher.started()).isEmpty();
    }

    @Test
    void previewReplicaCountAboveReplicasIsASpecError() {
        RolloutEngine engine = f.engine();
        assertThatThrownBy(() -> engine.start(blueGreen(true, OptionalInt.empty(), Optional.empty(),
                Optional.empty(), OptionalInt.of(11)), "local", V2))
                .hasMessageContaining("spec.strategy.blueGreen.previewReplicaCount: must be 1..10, was 11");
    }

    @Test
    void anAskedForFirstDeployPointsBothServicesAtTheNewRevision() {
        FakeTarget empty = new FakeTarget("empty", f.scheduler);
        RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).target(empty).build();
        RolloutHandle h = engine.start(blueGreen(false), "empty", V2, StartOptions.firstDeploy());
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().activeRevision()).contains("v2");
        assertThat(empty.ops()).containsExactly("scale v2 10", "point app-active v2",
                "point app-preview v2", "markStable v2");
    }

    @Test
    void aThrowingListenerNeverStopsTheRollout() {
        RolloutEngine engine = f.builder().listener(e -> {
            throw new IllegalStateException("listener bug");
        }).build();
        RolloutHandle h = engine.start(blueGreen(true), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.events(RolloutEvent.Promoted.class)).hasSize(1);
    }
}
