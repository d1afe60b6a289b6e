package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static dev.rollout.core.EngineFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.TargetException;
import dev.rollout.api.WorkloadNotFoundException;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.state.InMemoryStateStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A rollout against a target without the workload: refused unless a first deploy is asked for. */
class FirstDeployTest {
    private final EngineFixture f = new EngineFixture();
    private final FakeTarget empty = new FakeTarget("empty", f.scheduler).readyDelay(Duration.ZERO);
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).target(empty)
            .stateStore(store).analysisLauncher(f.launcher).listener(f.events::add).build();

    private static RolloutSpec analysed() {
        return RolloutSpec.of("shop", "app", 10, CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20),
                new CanaryStep.Analysis(AnalysisRef.of("step-check")), new CanaryStep.SetWeight(60)))
                .withAnalysis(new CanaryStrategy.BackgroundAnalysis(AnalysisRef.of("background-check"), 0)));
    }

    @Test
    void aMissingWorkloadFailsToStartNamingWorkloadNamespaceAndTarget() {
        assertThatThrownBy(() -> engine.start(analysed(), "empty", V2))
                .isInstanceOfSatisfying(WorkloadNotFoundException.class, e -> {
                    assertThat(e).isInstanceOf(TargetException.class)
                            .hasMessage("workload \"app\" not found in namespace \"shop\" on target"
                                    + " \"empty\": nothing to roll out from; to create it, start the"
                                    + " rollout with StartOptions.firstDeploy()");
                    assertThat(e.workload()).isEqualTo("app");
                    assertThat(e.namespace()).isEqualTo("shop");
                    assertThat(e.target()).isEqualTo("empty");
                });
        assertThat(empty.ops()).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(f.events).isEmpty();
        assertThat(engine.list()).isEmpty();
    }

    @Test
    void aSpecWithoutNamespaceFailsToStart() {
        RolloutSpec noNamespace = RolloutSpec.of("app", 10, CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20))));
        assertThatThrownBy(() -> f.engine().start(noNamespace, "local", V2))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("<inline>: metadata.namespace: Rollout \"app\" names no namespace, and none"
                        + " is assumed: write metadata.namespace, or start spec.inNamespace(namespace)");
        assertThat(f.target.ops()).isEmpty();
        RolloutHandle h = f.engine().start(noNamespace.inNamespace("default"), "local", V2);
        assertThat(h.id()).isEqualTo("default/app");
    }

    @Test
    void aFirstDeployWarnsAndRunsEveryAnalysisBeforeItIsHealthy() {
        f.launcher.outcome("background-check", AnalysisPhase.Successful)
                .outcome("step-check", AnalysisPhase.Successful);
        RolloutHandle h = engine.start(analysed(), "empty", V2, StartOptions.firstDeploy());

        assertThat(f.events(RolloutEvent.Warning.class)).extracting(RolloutEvent::message).containsExactly(
                "No workload shop/app on target empty: revision v2 is deployed for the first time"
                        + " (StartOptions.firstDeploy()), at full scale without canary steps; 2 analyses"
                        + " run against it before it is marked stable");
        // This instant, the reconcile on the target executor included.
        f.scheduler.runUntilIdle(Duration.ZERO);
        // Full scale at once, then the background analysis runs against it; not stable yet.
        assertThat(empty.ops()).containsExactly("scale v2 10");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(f.launcher.started()).containsExactly("app-v2-first-deploy-0-1");

        f.advance(Duration.ofMinutes(1));
        assertThat(f.launcher.started()).containsExactly("app-v2-first-deploy-0-1", "app-v2-first-deploy-1-2");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(empty.ops()).containsExactly("scale v2 10");

        f.advance(Duration.ofMinutes(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(empty.ops()).containsExactly("scale v2 10", "markStable v2");
        assertThat(f.events(RolloutEvent.Promoted.class)).extracting(RolloutEvent::message).containsExactly(
                "Revision v2 promoted to stable (first deploy of revision v2, 2 of 2 analyses passed)");
        assertThat(h.status().stableReplicas()).isEqualTo(10);
    }

    @Test
    void aFailedAnalysisAbortsTheFirstDeployAndScalesItToZero() {
        f.launcher.outcome("background-check", AnalysisPhase.Successful)
                .outcome("step-check", AnalysisPhase.Failed);
        RolloutHandle h = engine.start(analysed(), "empty", V2, StartOptions.firstDeploy());
        f.run();

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().aborted()).isTrue();
        assertThat(h.status().message()).isEqualTo("Rollout aborted first deploy of revision v2:"
                + " analysis run app-v2-first-deploy-1-2 Failed: metric error-rate assessed Failed"
                + " (template step-check)");
        // Never marked stable; nothing runs, as before the deploy.
        assertThat(empty.ops()).containsExactly("scale v2 10", "scale v2 0");
    }

    @Test
    void anInconclusiveAnalysisPausesTheFirstDeployUntilPromoted() {
        f.launcher.outcome("background-check", AnalysisPhase.Inconclusive)
                .outcome("step-check", AnalysisPhase.Successful);
        RolloutHandle h = engine.start(analysed(), "empty", V2, StartOptions.firstDeploy());
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(f.launcher.started()).hasSize(1);

        h.promote();
        f.run();
        assertThat(f.launcher.started()).hasSize(2);
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(empty.ops()).containsExactly("scale v2 10", "markStable v2");
    }

    @Test
    void aBlueGreenFirstDeployRunsPreAndPostPromotionAnalysis() {
        f.launcher.outcome("pre", AnalysisPhase.Successful).outcome("post", AnalysisPhase.Successful);
        RolloutSpec blueGreen = spec(new BlueGreenStrategy("app-active", Optional.of("app-preview"),
                OptionalInt.empty(), false, OptionalInt.empty(), 30, Optional.of(AnalysisRef.of("pre")),
                Optional.of(AnalysisRef.of("post")), 30)).inNamespace("shop");
        RolloutHandle h = engine.start(blueGreen, "empty", V2, StartOptions.firstDeploy());
        f.run();

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.launcher.started()).containsExactly("app-v2-first-deploy-0-1", "app-v2-first-deploy-1-2");
        assertThat(empty.ops()).containsExactly("scale v2 10", "point app-active v2",
                "point app-preview v2", "markStable v2");
    }

    @Test
    void theOptionChangesNothingWhenTheWorkloadExists() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(50)), "local", V2,
                StartOptions.firstDeploy());
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(f.events(RolloutEvent.Warning.class)).isEmpty();
        // The canary's steps, not a first deploy's full scale.
        assertThat(f.target.ops()).startsWith("scale v2 3").contains("markStable v2");
    }

    @Test
    void aFirstDeployInterruptedByAnEngineRestartResumesItsAnalysis() {
        f.launcher.outcome("background-check", AnalysisPhase.Successful)
                .outcome("step-check", AnalysisPhase.Successful);
        engine.start(analysed(), "empty", V2, StartOptions.firstDeploy());
        f.advance(Duration.ofSeconds(90));
        engine.close();

        RolloutEngine second = RolloutEngine.builder().scheduler(f.scheduler).target(empty)
                .stateStore(store).analysisLauncher(f.launcher).build();
        List<RolloutHandle> resumed = second.resumeAll();
        f.run();
        assertThat(resumed).singleElement().satisfies(h ->
                assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy));
        // The background analysis passed before the restart and does not run again.
        assertThat(f.launcher.started()).containsExactly("app-v2-first-deploy-0-1",
                "app-v2-first-deploy-1-2", "app-v2-first-deploy-1-3");
        assertThat(empty.ops()).containsExactly("scale v2 10", "markStable v2");
    }
}
