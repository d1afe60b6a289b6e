package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The status message says why a rollout is paused, and stops saying it once it resumes. */
class PauseMessageTest {
    private final EngineFixture f = new EngineFixture();

    @Test
    void aCanaryPauseStepNamesItsStepAndWhatEndsIt() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), CanaryStep.Pause.indefinite(),
                new CanaryStep.SetWeight(60), CanaryStep.Pause.of(Duration.ofMinutes(10))), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().message()).isEqualTo("CanaryPauseStep: paused at step 1 until promoted");

        h.promote();
        f.advance(Duration.ofMinutes(1));
        Instant until = h.status().pauseConditions().get(0).startTime().plus(Duration.ofMinutes(10));
        assertThat(h.status().message()).isEqualTo("CanaryPauseStep: paused at step 3 until " + until);

        f.advance(Duration.ofMinutes(10));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().message()).isEmpty();
    }

    @Test
    void aUserPauseOverACanaryPauseSaysSoAndResumingGoesBackToTheStepsPause() {
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20), CanaryStep.Pause.indefinite()),
                "local", V2);
        f.run();
        h.pause();
        assertThat(h.status().message()).isEqualTo("UserPause: paused by the operator until resumed");
        h.resume();
        assertThat(h.status().message()).isEqualTo("CanaryPauseStep: paused at step 1 until promoted");
    }

    @Test
    void aUserPauseIsClearedFromTheMessageOnResume() {
        f.target.readyDelay(Duration.ofMinutes(1));
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20)), "local", V2);
        f.advance(Duration.ofSeconds(1));
        h.pause();
        assertThat(h.status().message()).startsWith("UserPause: ");
        h.resume();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(h.status().message()).isEmpty();
    }

    @Test
    void aBlueGreenPauseWaitsForPromotion() {
        RolloutHandle h = f.engine().start(EngineFixture.spec(new BlueGreenStrategy("app-active",
                Optional.of("app-preview"), OptionalInt.empty(), false, OptionalInt.empty(), 30,
                Optional.empty(), Optional.empty(), 30)), "local", V2);
        f.run();
        assertThat(h.status().message()).isEqualTo("BlueGreenPause: waiting for promotion");
        h.promote();
        f.run();
        assertThat(h.status().message()).isEmpty();
    }

    @Test
    void anInconclusiveRunIsExplained() {
        f.launcher.outcome("latency", AnalysisPhase.Inconclusive);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20),
                new CanaryStep.Analysis(AnalysisRef.of("latency"))), "local", V2);
        f.run();
        assertThat(h.status().message()).startsWith("InconclusiveAnalysisRun: analysis run app-v2-step1-1 "
                + "Inconclusive: metric error-rate assessed Inconclusive");
    }

    @Test
    void aDegradedMessageIsKept() {
        f.launcher.outcome("latency", AnalysisPhase.Failed);
        RolloutHandle h = f.engine().start(canary(new CanaryStep.SetWeight(20),
                new CanaryStep.Analysis(AnalysisRef.of("latency"))), "local", V2);
        f.run();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2: analysis run");
    }
}
