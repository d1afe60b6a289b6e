package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static dev.rollout.core.EngineFixture.routedCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.model.StepRecord;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Once the new revision is the stable one, its pods count as stable, not canary, replicas. */
class PromotedReplicaCountsTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void aPromotedBasicCanaryReportsAllReplicasStableAndTheHistoryKeepsEachStep() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), new CanaryStep.SetWeight(50)),
                "local", V2);
        f.run();
        RolloutStatus st = h.status();
        assertThat(st.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(st.stableRevision()).isEqualTo("v2");
        assertThat(st.stableReplicas()).isEqualTo(10);
        assertThat(st.canaryReplicas()).isZero();
        assertThat(st.canaryWeight()).isEqualTo(100);
        assertThat(st.history()).extracting(StepRecord::canaryWeight, StepRecord::canaryReplicas,
                StepRecord::stableReplicas).containsExactly(tuple(20, 2, 8), tuple(50, 5, 5));
    }

    @Test
    void aPromotedRoutedCanaryReportsAllReplicasStable() {
        RolloutHandle h = f.engine().start(routedCanary(new CanaryStep.SetWeight(30)), "local", V2);
        f.run();
        RolloutStatus st = h.status();
        assertThat(st.stableReplicas()).isEqualTo(10);
        assertThat(st.canaryReplicas()).isZero();
        assertThat(st.canaryWeight()).isEqualTo(100);
        assertThat(st.history()).extracting(StepRecord::canaryWeight, StepRecord::canaryReplicas,
                StepRecord::stableReplicas).containsExactly(tuple(30, 3, 10));
    }

    @Test
    void aPromotedBlueGreenReportsAllReplicasStableAndTheHistoryKeepsBothSides() {
        RolloutHandle h = f.engine().start(EngineFixture.spec(new BlueGreenStrategy("app-active",
                Optional.empty(), OptionalInt.empty(), true, OptionalInt.empty(), 30,
                Optional.empty(), Optional.empty(), 30)), "local", V2);
        f.run();
        RolloutStatus st = h.status();
        assertThat(st.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(st.stableReplicas()).isEqualTo(10);
        assertThat(st.canaryReplicas()).isZero();
        assertThat(st.canaryWeight()).isEqualTo(100);
        assertThat(st.history()).last().extracting(StepRecord::canaryReplicas, StepRecord::stableReplicas)
                .containsExactly(10, 10);
    }

    @Test
    void anAskedForFirstDeployReportsItsReplicasAsStable() {
        FakeTarget empty = new FakeTarget("local", f.scheduler);
        RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).stateStore(f.store)
                .target(empty).build();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(20)), "local", V2,
                StartOptions.firstDeploy());
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().stableReplicas()).isEqualTo(10);
        assertThat(h.status().canaryReplicas()).isZero();
    }
}
