package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static dev.rollout.core.EngineFixture.routedCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.model.StepRecord;
import dev.rollout.api.model.TrafficRouting;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CanaryStepsTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void basicCanaryMovesReplicasStepByStepAndPromotes() {
        RolloutEngine engine = f.engine();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(20),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(50),
                CanaryStep.Pause.of(Duration.ofHours(1))), "local", V2);
        assertThat(h.id()).isEqualTo("default/app");

        f.run();

        RolloutStatus st = h.status();
        assertThat(st.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(st.stableRevision()).isEqualTo("v2");
        assertThat(st.currentStepIndex()).isEqualTo(4);
        assertThat(st.history()).extracting(StepRecord::type, StepRecord::canaryWeight,
                        StepRecord::canaryReplicas, StepRecord::stableReplicas)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("setWeight", 20, 2, 8),
                        org.assertj.core.groups.Tuple.tuple("pause", 20, 2, 8),
                        org.assertj.core.groups.Tuple.tuple("setWeight", 50, 5, 5),
                        org.assertj.core.groups.Tuple.tuple("pause", 50, 5, 5));
        // R=10: at most 13 pods (maxSurge 25% rounds up to 3), at least 8 available
        // (maxUnavailable 25% rounds down to 2), so larger moves take several scale calls.
        assertThat(f.target.ops()).containsExactly("scale v2 2", "scale v1 8", "scale v2 5",
                "scale v1 6", "scale v1 5", "scale v2 8", "scale v1 3", "scale v2 10", "scale v1 0",
                "markStable v2", "remove v1");
        assertThat(f.target.stable()).contains("v2");
        assertThat(f.events(RolloutEvent.StepStarted.class)).hasSize(4);
        assertThat(f.events(RolloutEvent.StepCompleted.class)).hasSize(4);
        assertThat(f.events(RolloutEvent.Promoted.class)).hasSize(1);
        assertThat(f.events(RolloutEvent.Paused.class)).extracting(RolloutEvent.Paused::reason)
                .containsOnly(PauseCondition.Reason.CanaryPauseStep);
        assertThat(f.events(RolloutEvent.PhaseChanged.class)).extracting(RolloutEvent.PhaseChanged::to)
                .containsExactly(RolloutPhase.Paused, RolloutPhase.Progressing, RolloutPhase.Paused,
                        RolloutPhase.Progressing, RolloutPhase.Healthy);
        assertThat(engine.list()).extracting(RolloutStatus::rolloutId).containsExactly("default/app");
        assertThat(f.scheduler.pendingTasks()).isZero();
    }

    @Test
    void timedPauseHoldsForItsDurationInPausedPhase() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(10),
                CanaryStep.Pause.of(Duration.ofMinutes(10))), "local", V2);
        f.advance(Duration.ofMinutes(5));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().pauseConditions()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.CanaryPauseStep);
        assertThat(h.status().currentStepIndex()).isEqualTo(1);
        f.advance(Duration.ofMinutes(6));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void indefinitePauseWaitsForPromote() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(10), CanaryStep.Pause.indefinite(),
                new CanaryStep.SetWeight(60)), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().canaryReplicas()).isEqualTo(1);
        assertThat(f.scheduler.pendingTasks()).isZero();

        RolloutStatus promoted = h.promote();
        assertThat(promoted.pauseConditions()).isEmpty();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().history()).extracting(StepRecord::canaryWeight).containsExactly(10, 10, 60);
    }

    @Test
    void routedCanaryMovesTrafficOnlyOnceCanaryPodsAreAvailable() {
        RolloutHandle h = f.engine().start(routedCanary(new CanaryStep.SetWeight(30),
                CanaryStep.Pause.indefinite()), "local", V2);
        f.advance(Duration.ofSeconds(3)); // pods need 5 s
        assertThat(f.target.ops()).containsExactly("scale v2 3");
        assertThat(h.status().canaryWeight()).isZero();
        f.run();
        assertThat(f.target.ops()).containsExactly("scale v2 3", "weight 30");
        assertThat(h.status().stableReplicas()).isEqualTo(10);
        assertThat(f.target.weight()).isEqualTo(30);

        h.promote();
        f.run();
        assertThat(f.target.ops()).containsExactly("scale v2 3", "weight 30", "scale v2 10",
                "weight 100", "markStable v2", "reset v2", "remove v1");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void setCanaryScaleOverridesReplicasUntilMatchTrafficWeight() {
        RolloutHandle h = f.engine().start(routedCanary(CanaryStep.SetCanaryScale.replicas(2),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.indefinite(),
                CanaryStep.SetCanaryScale.matchingTrafficWeight(), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        assertThat(h.status().canaryReplicas()).isEqualTo(2);
        assertThat(h.status().canaryWeight()).isEqualTo(50);
        h.promote();
        f.run();
        assertThat(h.status().canaryReplicas()).isEqualTo(5);
        assertThat(f.target.ops()).containsExactly("scale v2 2", "weight 50", "scale v2 5");
    }

    @Test
    void setCanaryScaleByWeight() {
        RolloutHandle h = f.engine().start(routedCanary(CanaryStep.SetCanaryScale.weight(40),
                CanaryStep.Pause.indefinite()), "local", V2);
        f.run();
        assertThat(h.status().canaryReplicas()).isEqualTo(4);
        assertThat(h.status().canaryWeight()).isZero();
    }

    @Test
    void dynamicStableScaleShrinksStableAfterTrafficMoves() {
        var strategy = new dev.rollout.api.model.CanaryStrategy(java.util.List.of(new CanaryStep.SetWeight(40),
                CanaryStep.Pause.indefinite()), null, null, java.util.Optional.of(TrafficRouting.of("fake")),
                java.util.Optional.empty(), 30, true, java.util.Optional.empty(), java.util.Optional.empty());
        RolloutHandle h = f.engine().start(EngineFixture.spec(strategy), "local", V2);
        f.run();
        assertThat(f.target.ops()).containsExactly("scale v2 4", "weight 40", "scale v1 6");
        assertThat(h.status().stableReplicas()).isEqualTo(6);
    }

    @Test
    void aMissingTrafficRouterIsAClearErrorAtStart() {
        var spec = EngineFixture.spec(dev.rollout.api.model.CanaryStrategy.of(
                java.util.List.of(new CanaryStep.SetWeight(10))).withTrafficRouting(TrafficRouting.of("istio")));
        RolloutEngine engine = f.engine();
        assertThatThrownBy(() -> engine.start(spec, "local", V2))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec.strategy.canary.trafficRouting")
                .hasMessageContaining("no traffic router of kind 'istio'");
        assertThat(f.target.ops()).isEmpty();
        assertThat(f.store.list()).isEmpty();
        assertThat(engine.list()).isEmpty();
    }

    @Test
    void setCanaryScaleWithoutRouterAndUnknownTargetAreRejected() {
        RolloutEngine engine = f.engine();
        assertThatThrownBy(() -> engine.start(canary(CanaryStep.SetCanaryScale.replicas(1)), "local", V2))
                .hasMessageContaining("steps[0].setCanaryScale: requires trafficRouting");
        assertThatThrownBy(() -> engine.start(canary(new CanaryStep.SetWeight(1)), "elsewhere", V2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown target 'elsewhere'");
    }

    @Test
    void customStepRunsItsRegisteredHandlerUntilDone() {
        AtomicInteger calls = new AtomicInteger();
        RolloutEngine engine = f.builder().stepHandler("smoke-test", ctx -> {
            assertThat(ctx.config()).containsEntry("url", "http://app/health");
            return calls.incrementAndGet() < 3 ? StepOutcome.waitFor(Duration.ofSeconds(30)) : StepOutcome.done();
        }).build();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(10),
                new CanaryStep.Custom("smoke-test", java.util.Map.of("url", "http://app/health"))), "local", V2);
        f.run();
        assertThat(calls).hasValue(3);
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().history()).extracting(StepRecord::type).containsExactly("setWeight", "smoke-test");
    }

    @Test
    void failingCustomStepAborts() {
        RolloutEngine engine = f.builder().stepHandler("gate", ctx -> StepOutcome.fail("ticket CHG-1 not approved")).build();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(10), new CanaryStep.Custom("gate", null)),
                "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).isEqualTo(
                "Rollout aborted update to revision v2: custom step gate failed: ticket CHG-1 not approved");
    }

    @Test
    void unregisteredCustomStepIsAClearErrorAtStart() {
        RolloutEngine engine = f.engine();
        assertThatThrownBy(() -> engine.start(canary(new CanaryStep.Custom("jira", null)), "local", V2))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("steps[0].jira")
                .hasMessageContaining("no StepHandler registered for custom step 'jira'");
    }

    @Test
    void anAskedForFirstDeployWithoutStableRevisionGoesStraightToFullScale() {
        FakeTarget empty = new FakeTarget("empty", f.scheduler);
        RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).target(empty).build();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(10), CanaryStep.Pause.indefinite()),
                "empty", V2, StartOptions.firstDeploy());
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(empty.ops()).containsExactly("scale v2 10", "markStable v2");
    }

    @Test
    void startingTheStableRevisionAgainChangesNothing() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(10)), "local",
                dev.rollout.api.model.Revision.of("v1"));
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().message()).contains("already stable");
        assertThat(f.target.ops()).isEmpty();
    }

    @Test
    void basicCanaryStaysWithinMaxSurgeAndMaxUnavailableWhileMoving() {
        assertWithinLimits(null, null, 13, 8);
        assertWithinLimits(dev.rollout.api.model.IntOrPercent.of(0), dev.rollout.api.model.IntOrPercent.of(1), 10, 9);
    }

    private void assertWithinLimits(dev.rollout.api.model.IntOrPercent surge,
            dev.rollout.api.model.IntOrPercent unavailable, int maxPods, int minAvailable) {
        EngineFixture fixture = new EngineFixture();
        java.util.List<String> violations = new java.util.ArrayList<>();
        RolloutEngine engine = fixture.builder().listener(e -> {
            if (e instanceof RolloutEvent.WeightChanged) {
                var ws = fixture.target.observe(new dev.rollout.api.cluster.WorkloadRef("default", "app"));
                int pods = ws.revisions().values().stream().mapToInt(r -> r.desired()).sum();
                int available = ws.revisions().values().stream().mapToInt(r -> Math.min(r.available(), r.desired())).sum();
                if (pods > maxPods || available < minAvailable) {
                    violations.add(pods + " pods, " + available + " available at " + e.message());
                }
            }
        }).build();
        var strategy = dev.rollout.api.model.CanaryStrategy.of(java.util.List.of(new CanaryStep.SetWeight(30),
                new CanaryStep.SetWeight(70))).withSurge(surge, unavailable);
        RolloutHandle h = engine.start(EngineFixture.spec(strategy), "local", V2);
        fixture.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(violations).isEmpty();
        assertThat(fixture.target.count("scale v2 10")).isEqualTo(1);
    }
}
