package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.IntOrPercent;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.StepRecord;
import dev.rollout.api.model.TrafficRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class StateCodecTest {
    private final StateCodec codec = new StateCodec();
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    private static RolloutState canaryState() {
        AnalysisRef ref = new AnalysisRef(List.of(new AnalysisRef.TemplateRef("success-rate", false),
                new AnalysisRef.TemplateRef("shared", true)),
                List.of(AnalysisRef.Arg.of("service", "app"),
                        new AnalysisRef.Arg("api-key", null, new AnalysisRef.SecretKeyRef("dd", "api-key"))));
        CanaryStrategy canary = new CanaryStrategy(List.of(new CanaryStep.SetWeight(20),
                CanaryStep.Pause.of(Duration.ofSeconds(90)), CanaryStep.Pause.indefinite(),
                CanaryStep.SetCanaryScale.replicas(2), CanaryStep.SetCanaryScale.weight(30),
                CanaryStep.SetCanaryScale.matchingTrafficWeight(), new CanaryStep.Analysis(ref),
                new CanaryStep.Custom("jira", Map.of("ticket", "CHG-1", "retries", 3))),
                IntOrPercent.of(1), IntOrPercent.percent(10),
                Optional.of(new TrafficRouting("istio", Map.of("virtualService", "app-vs"))),
                Optional.of(new CanaryStrategy.BackgroundAnalysis(ref, 2)), 15, true,
                Optional.of("app-canary"), Optional.empty());
        RolloutState s = new RolloutState();
        s.id("prod/app");
        s.targetName("eu-west");
        s.spec(new RolloutSpec("app", "prod", 7, canary, 300, true, Map.of("team", "payments")));
        s.newRevision(new Revision("sha256:abc", Map.of("image", "registry/app@sha256:abc")));
        s.stableRevision("sha256:old");
        s.stage(Stage.PAUSED);
        s.message("waiting");
        s.stepIndex(2);
        s.stepStarted(true);
        s.stepStartedAt(T);
        s.stepPauseEntered(true);
        s.editPauses().add(new PauseCondition(PauseCondition.Reason.CanaryPauseStep, T));
        s.pauseUntil(T.plusSeconds(90));
        s.canaryWeight(20);
        s.canaryReplicas(2);
        s.stableReplicas(7);
        s.editHistory().add(new StepRecord(0, "setWeight", T, 20, 2, 7));
        s.editRuns().put("run-1", new AnalysisRunStatus("run-1", AnalysisPhase.Running, List.of(), "measuring"));
        s.backgroundRun("run-1");
        s.startedAt(T.minusSeconds(60));
        s.updatedAt(T);
        s.lastProgressAt(T);
        s.runCounter(1);
        s.attempt(2);
        return s;
    }

    @Test
    void aCanaryStateSurvivesTheRoundTrip() {
        RolloutState s = canaryState();
        String doc = codec.encode(s);
        RolloutState back = codec.decode(doc);

        assertThat(back.spec()).isEqualTo(s.spec());
        assertThat(back.newRevision()).isEqualTo(s.newRevision());
        assertThat(back.pauses()).isEqualTo(s.pauses());
        assertThat(back.history()).isEqualTo(s.history());
        assertThat(back.runs()).isEqualTo(s.runs());
        assertThat(back).usingRecursiveComparison().ignoringFields("spec", "specJson").isEqualTo(s);
        assertThat(codec.encode(back)).isEqualTo(doc);
    }

    @Test
    void aBlueGreenSpecSurvivesTheRoundTrip() {
        RolloutState s = canaryState();
        s.spec(new RolloutSpec("app", "prod", 4, new BlueGreenStrategy("active", Optional.of("preview"),
                OptionalInt.of(2), false, OptionalInt.of(60), 45, Optional.of(AnalysisRef.of("pre")),
                Optional.empty(), 20), 600, false, Map.of()));
        s.blueGreenStage("PAUSE");
        s.activeRevision("sha256:old");
        s.previewRevision("sha256:abc");
        s.removeRevision("sha256:older");
        s.removeAt(T.plusSeconds(45));
        s.editRemoveAlso().add("sha256:oldest");
        RolloutState back = codec.decode(codec.encode(s));
        assertThat(back.spec()).isEqualTo(s.spec());
        assertThat(back).usingRecursiveComparison().ignoringFields("spec", "specJson").isEqualTo(s);
    }

    @Test
    void aDocumentWithoutEarlierRevisionsToRemoveStillLoads() {
        RolloutState s = canaryState();
        s.removeRevision("sha256:older");
        s.removeAt(T);
        String doc = codec.encode(s);
        // Documents written before several revisions could wind down at once have no such field.
        assertThat(doc).doesNotContain("removeAlso");
        RolloutState back = codec.decode(doc);
        assertThat(back.removeRevision()).isEqualTo("sha256:older");
        assertThat(back.removeAlso()).isEmpty();
    }

    @Test
    void secretsAreStoredAsReferencesOnly() {
        assertThat(codec.encode(canaryState())).contains("\"secretKeyRef\":{\"name\":\"dd\",\"key\":\"api-key\"}");
    }

    @Test
    void anUnknownFormatIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> codec.decode("{\"format\":99}"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("neither a schemaVersion nor format 1");
        assertThatThrownBy(() -> codec.decode("{\"schemaVersion\":99}"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("schema version 99")
                .hasMessageContaining("reads versions 1 to " + StateCodec.SCHEMA_VERSION);
        assertThatThrownBy(() -> codec.decode("not json"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("not JSON");
    }
}
