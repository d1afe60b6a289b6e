package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static dev.rollout.core.EngineFixture.routedCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.StepRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisOutcomesTest {
    private final EngineFixture f = new EngineFixture();

    private static CanaryStep analysis(String template) {
        return new CanaryStep.Analysis(AnalysisRef.of(template));
    }

    @Test
    void successfulStepAnalysisLetsTheCanaryContinue() {
        f.launcher.outcome("success-rate", AnalysisPhase.Successful);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), analysis("success-rate"),
                new CanaryStep.SetWeight(60)), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.launcher.started()).containsExactly("app-v2-step1-1");
        assertThat(h.status().analysisRuns()).extracting(AnalysisRunStatus::name, AnalysisRunStatus::phase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("app-v2-step1-1", AnalysisPhase.Successful));
        assertThat(h.status().history()).extracting(StepRecord::type)
                .containsExactly("setWeight", "analysis", "setWeight");
    }

    @Test
    void stepAnalysisBlocksUntilTheRunEnds() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), analysis("manual")),
                "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(h.status().currentStepIndex()).isEqualTo(1);
        assertThat(h.status().analysisRuns()).extracting(AnalysisRunStatus::phase)
                .containsExactly(AnalysisPhase.Running);
        f.launcher.finish("app-v2-step1-1", AnalysisPhase.Successful);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void failedStepAnalysisAbortsNamingTheRunAndWhy() {
        f.launcher.outcome("error-rate", AnalysisPhase.Failed);
        RolloutHandle h = f.engine().start(routedCanary(new CanaryStep.SetWeight(20), analysis("error-rate"),
                new CanaryStep.SetWeight(60)), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().aborted()).isTrue();
        assertThat(h.status().message())
                .startsWith("Rollout aborted update to revision v2: analysis run app-v2-step1-1 Failed")
                .contains("metric error-rate assessed Failed");
        assertThat(f.target.weight()).isZero();
        assertThat(f.target.desired("v2")).isZero();
    }

    @Test
    void errorAbortsToo() {
        f.launcher.outcome("error-rate", AnalysisPhase.Error);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), analysis("error-rate")),
                "local", V2);
        f.run();
        assertThat(h.status().aborted()).isTrue();
        assertThat(h.status().message()).contains("analysis run app-v2-step1-1 Error");
    }

    @Test
    void inconclusiveAnalysisPausesUntilPromoted() {
        f.launcher.outcome("latency", AnalysisPhase.Inconclusive);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), analysis("latency"),
                new CanaryStep.SetWeight(60)), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().pauseConditions()).extracting(PauseCondition::reason)
                .containsExactly(PauseCondition.Reason.InconclusiveAnalysisRun);

        h.promote();
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.launcher.started()).hasSize(1);
    }

    @Test
    void inconclusiveAnalysisCanBeAborted() {
        f.launcher.outcome("latency", AnalysisPhase.Inconclusive);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), analysis("latency")),
                "local", V2);
        f.run();
        assertThat(h.abort().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(f.launcher.run("app-v2-step1-1").cancelled).isFalse(); // completed runs are left alone
    }

    @Test
    void backgroundAnalysisStartsAtItsStepAndIsTerminatedWhenStepsComplete() {
        var strategy = CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20), CanaryStep.Pause.of(Duration.ofMinutes(5)),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(5))))
                .withAnalysis(new CanaryStrategy.BackgroundAnalysis(AnalysisRef.of("bg"), 2));
        RolloutHandle h = f.engine().start(EngineFixture.spec(strategy), "local", V2);
        f.advance(Duration.ofMinutes(1));
        assertThat(f.launcher.started()).isEmpty();
        f.run();
        assertThat(f.launcher.started()).containsExactly("app-v2-background-1");
        assertThat(f.launcher.run("app-v2-background-1").terminated).isTrue();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void failedBackgroundAnalysisAbortsEvenDuringAPause() {
        var strategy = CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20), CanaryStep.Pause.indefinite()))
                .withAnalysis(new CanaryStrategy.BackgroundAnalysis(AnalysisRef.of("bg"), 0));
        RolloutHandle h = f.engine().start(EngineFixture.spec(strategy), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        f.launcher.finish("app-v2-background-1", AnalysisPhase.Failed);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).contains("analysis run app-v2-background-1 Failed");
        assertThat(f.target.desired("v2")).isZero();
        assertThat(f.target.desired("v1")).isEqualTo(10);
    }

    @Test
    void analysisWithoutLauncherIsRejectedAtStart() {
        RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).target(f.target).build();
        assertThatThrownBy(() -> engine.start(canary(analysis("x")), "local", V2))
                .hasMessageContaining("steps[0].analysis: the engine has no AnalysisLauncher");
    }

    @Test
    void aRunThatCannotStartAbortsWithTheLaunchersReason() {
        dev.rollout.core.analysis.AnalysisLauncher missing = (request, onUpdate) -> {
            throw new dev.rollout.api.InvalidSpecException(new dev.rollout.api.InvalidSpecException.SpecProblem(
                    "<inline>", 0, "templates[0]", "AnalysisTemplate default/ghost not found"));
        };
        RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).target(f.target)
                .analysisLauncher(missing).build();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(20), analysis("ghost")), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).contains("analysis run app-v2-step1-1 Error: could not start")
                .contains("AnalysisTemplate default/ghost not found");
    }
}
