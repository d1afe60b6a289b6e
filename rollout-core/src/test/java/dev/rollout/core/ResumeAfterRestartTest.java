package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.StepRecord;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.embedded.Operation;
import dev.rollout.core.embedded.OperationRecord;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeAfterRestartTest {
    private static final WorkloadRef APP = new WorkloadRef("default", "app");

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();
    private final EmbeddedCluster cluster = EmbeddedCluster.builder().name("local").clock(clock)
            .defaultReadyDelay(Duration.ofSeconds(5)).build();

    private RolloutEngine engine(VirtualScheduler scheduler, FakeLauncher launcher) {
        return RolloutEngine.builder().scheduler(scheduler).stateStore(new FileStateStore(dir))
                .target(cluster).analysisLauncher(launcher).build();
    }

    @Test
    void aNewEngineOnTheFileStoreFinishesARolloutStoppedDuringAPauseWithoutRepeatingAStep() {
        cluster.deploy(APP, Revision.of("v1"), 10);
        RolloutSpec spec = RolloutSpec.of("default", "app", 10, dev.rollout.api.model.CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(20), CanaryStep.Pause.of(Duration.ofMinutes(10)),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(10)))));

        VirtualScheduler first = new VirtualScheduler(clock);
        RolloutEngine before = engine(first, new FakeLauncher(first));
        before.start(spec, "local", Revision.of("v2"));
        first.advance(Duration.ofMinutes(2));
        assertThat(before.rollout("default/app").orElseThrow().status().phase()).isEqualTo(RolloutPhase.Paused);
        Instant pauseStarted = before.rollout("default/app").orElseThrow().status().pauseConditions().get(0).startTime();
        int scalesBefore = cluster.calls(Operation.SCALE);
        before.close();
        assertThat(first.runUntilIdle(Duration.ofDays(1))).isZero();

        clock.add(Duration.ofMinutes(3)); // the engine was down for a while
        VirtualScheduler second = new VirtualScheduler(clock);
        RolloutEngine after = engine(second, new FakeLauncher(second));
        List<RolloutHandle> resumed = after.resumeAll();
        assertThat(resumed).extracting(RolloutHandle::id).containsExactly("default/app");
        second.runUntilIdle(Duration.ofDays(1));

        RolloutHandle h = after.rollout("default/app").orElseThrow();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().history()).extracting(StepRecord::step).containsExactly(0, 1, 2, 3);
        // The pause ends at its absolute time, not ten minutes after the restart.
        assertThat(h.status().history().get(1).at()).isEqualTo(pauseStarted.plus(Duration.ofMinutes(10)));
        assertThat(cluster.operations(APP)).extracting(OperationRecord::describe).containsExactly(
                "SCALE default/app v2 replicas=2", "SCALE default/app v1 replicas=8",
                "SCALE default/app v2 replicas=5", "SCALE default/app v1 replicas=6",
                "SCALE default/app v1 replicas=5", "SCALE default/app v2 replicas=8",
                "SCALE default/app v1 replicas=3", "SCALE default/app v2 replicas=10",
                "SCALE default/app v1 replicas=0", "MARK_STABLE default/app v2", "REMOVE default/app v1");
        // Not even an idempotent repeat: the resumed engine issued no scale it had already made.
        assertThat(scalesBefore).isEqualTo(2);
        assertThat(cluster.calls(Operation.SCALE)).isEqualTo(9);
        assertThat(after.resumeAll()).isEmpty();
    }

    @Test
    void anAnalysisRunningAtTheStopStartsAgainAfterResume() {
        cluster.deploy(APP, Revision.of("v1"), 4);
        RolloutSpec spec = RolloutSpec.of("default", "app", 4, dev.rollout.api.model.CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(25), new CanaryStep.Analysis(AnalysisRef.of("slow")))));
        VirtualScheduler first = new VirtualScheduler(clock);
        RolloutEngine before = engine(first, new FakeLauncher(first));
        before.start(spec, "local", Revision.of("v2"));
        first.advance(Duration.ofMinutes(1));
        before.close();

        VirtualScheduler second = new VirtualScheduler(clock);
        FakeLauncher launcher = new FakeLauncher(second).outcome("slow", AnalysisPhase.Successful);
        RolloutEngine after = engine(second, launcher);
        after.resumeAll();
        second.runUntilIdle(Duration.ofDays(1));

        RolloutHandle h = after.rollout("default/app").orElseThrow();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(launcher.started()).containsExactly("app-v2-step1-2");
        assertThat(h.status().analysisRuns()).extracting(AnalysisRunStatus::name, AnalysisRunStatus::message)
                .first().isEqualTo(org.assertj.core.groups.Tuple.tuple("app-v2-step1-1",
                        "interrupted by an engine restart; started again"));
    }

    @Test
    void anEngineThatLostTheStateToAnotherStopsDrivingIt() {
        cluster.deploy(APP, Revision.of("v1"), 4);
        RolloutSpec spec = RolloutSpec.of("default", "app", 4, dev.rollout.api.model.CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(25), CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(50))));
        VirtualScheduler first = new VirtualScheduler(clock);
        RolloutEngine old = engine(first, new FakeLauncher(first));
        RolloutHandle stale = old.start(spec, "local", Revision.of("v2"));
        first.runUntilIdle(Duration.ofDays(1));

        VirtualScheduler second = new VirtualScheduler(clock);
        RolloutEngine current = engine(second, new FakeLauncher(second));
        current.resumeAll();
        current.rollout("default/app").orElseThrow().promote();
        second.runUntilIdle(Duration.ofDays(1));
        List<OperationRecord> applied = cluster.operations(APP);
        int writes = cluster.writes();

        // The old engine's next action finds the store moved on: it stops without touching the cluster.
        assertThat(stale.abort().phase()).isEqualTo(RolloutPhase.Paused);
        stale.retry();
        first.runUntilIdle(Duration.ofDays(1));
        assertThat(cluster.operations(APP)).isEqualTo(applied);
        assertThat(cluster.writes()).isEqualTo(writes);
        assertThat(current.rollout("default/app").orElseThrow().status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(new FileStateStore(dir).get("default/app").orElseThrow().document()).contains("\"lifecycle\":\"COMPLETED\"");
    }

    @Test
    void aDelayedScaleDownOfTheOldSideSurvivesARestart() {
        cluster.deploy(APP, Revision.of("v1"), 3, List.of("active"));
        RolloutSpec spec = RolloutSpec.of("default", "app", 3, new dev.rollout.api.model.BlueGreenStrategy("active",
                java.util.Optional.empty(), java.util.OptionalInt.empty(), true, java.util.OptionalInt.empty(),
                600, java.util.Optional.empty(), java.util.Optional.empty(), 30));
        VirtualScheduler first = new VirtualScheduler(clock);
        RolloutEngine before = engine(first, new FakeLauncher(first));
        before.start(spec, "local", Revision.of("v2"));
        first.advance(Duration.ofMinutes(1));
        assertThat(before.rollout("default/app").orElseThrow().status().phase()).isEqualTo(RolloutPhase.Healthy);
        Instant promotedAt = before.rollout("default/app").orElseThrow().status().updatedAt();
        before.close();

        VirtualScheduler second = new VirtualScheduler(clock);
        RolloutEngine after = engine(second, new FakeLauncher(second));
        assertThat(after.resumeAll()).hasSize(1);
        second.runUntilIdle(Duration.ofDays(1));
        List<OperationRecord> ops = cluster.operations(APP);
        assertThat(ops.get(ops.size() - 1).describe()).isEqualTo("REMOVE default/app v1");
        assertThat(ops.get(ops.size() - 1).at()).isEqualTo(promotedAt.plusSeconds(600));
        assertThat(after.resumeAll()).isEmpty();
    }
}
