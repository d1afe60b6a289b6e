package dev.rollout.api.model;

import dev.rollout.api.analysis.AnalysisRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.deploy.DeployNotification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The wide records' builders: Argo's defaults, every field settable, and toBuilder round trips. */
class BuildersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void canaryBuilderDefaultsAreArgosAndEveryFieldRoundTrips() {
        assertThat(CanaryStrategy.builder().build()).isEqualTo(CanaryStrategy.of(List.of()));
        CanaryStrategy canary = CanaryStrategy.builder().steps(new CanaryStep.SetWeight(10))
                .maxSurge(IntOrPercent.of(1)).maxUnavailable(IntOrPercent.of(0))
                .trafficRouting(TrafficRouting.of("istio"))
                .analysis(new CanaryStrategy.BackgroundAnalysis(AnalysisRef.of("rate"), 1))
                .abortScaleDownDelaySeconds(5).dynamicStableScale(true).canaryService("app-canary")
                .stableService("app-stable").scaleDownDelaySeconds(7).build();

        assertThat(canary.maxSurge()).isEqualTo(IntOrPercent.of(1));
        assertThat(canary.trafficRouting()).contains(TrafficRouting.of("istio"));
        assertThat(canary.canaryService()).contains("app-canary");
        assertThat(canary.scaleDownDelaySeconds()).isEqualTo(7);
        assertThat(canary.toBuilder().build()).isEqualTo(canary);
        assertThat(canary.withScaleDownDelaySeconds(9).scaleDownDelaySeconds()).isEqualTo(9);
        assertThatThrownBy(() -> CanaryStrategy.builder().scaleDownDelaySeconds(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scaleDownDelaySeconds");
    }

    @Test
    void blueGreenBuilderDefaultsAreArgosAndRoundTrips() {
        assertThat(BlueGreenStrategy.builder("active").build()).isEqualTo(BlueGreenStrategy.of("active"));
        BlueGreenStrategy blueGreen = BlueGreenStrategy.builder("active").previewService("preview")
                .previewReplicaCount(2).autoPromotionEnabled(false).autoPromotionSeconds(60)
                .prePromotionAnalysis(AnalysisRef.of("smoke")).build();

        assertThat(blueGreen.previewReplicaCount()).isEqualTo(OptionalInt.of(2));
        assertThat(blueGreen.autoPromotionSeconds()).isEqualTo(OptionalInt.of(60));
        assertThat(blueGreen.postPromotionAnalysis()).isEmpty();
        assertThat(blueGreen.toBuilder().build()).isEqualTo(blueGreen);
    }

    @Test
    void specBuilderMatchesTheFactoriesAndRoundTrips() {
        Strategy canary = CanaryStrategy.of(List.of());
        assertThat(RolloutSpec.builder("app", 3, canary).build()).isEqualTo(RolloutSpec.of("app", 3, canary));
        RolloutSpec spec = RolloutSpec.builder("app", 3, canary).namespace("prod")
                .progressDeadlineSeconds(60).progressDeadlineAbort(true).labels(Map.of("team", "a")).build();

        assertThat(spec.id()).contains("prod/app");
        assertThat(spec.toBuilder().build()).isEqualTo(spec);
    }

    @Test
    void statusBuilderNeedsItsRevisionsAndTimesAndRoundTrips() {
        RolloutStatus status = RolloutStatus.builder("ns/app").phase(RolloutPhase.Paused).message("paused")
                .currentStepIndex(1).stepCount(3).stableRevision("v1").newRevision("v2").canaryWeight(20)
                .stableReplicas(8).canaryReplicas(2).activeRevision("v1").startedAt(T0).updatedAt(T0)
                .pauseConditions(List.of(new PauseCondition(PauseCondition.Reason.CanaryPauseStep, T0)))
                .build();

        assertThat(status.paused()).isTrue();
        assertThat(status.activeRevision()).contains("v1");
        assertThat(status.previewRevision()).isEmpty();
        assertThat(status.toBuilder().build()).isEqualTo(status);
        assertThat(status.toBuilder().canaryWeight(50).build().canaryWeight()).isEqualTo(50);
        assertThatThrownBy(() -> RolloutStatus.builder("ns/app").startedAt(T0).updatedAt(T0).build())
                .isInstanceOf(NullPointerException.class).hasMessage("stableRevision");
    }

    @Test
    void analysisAndDeployBuildersRoundTrip() {
        AnalysisTemplate template = AnalysisTemplate.builder("rate")
                .kind(AnalysisTemplate.Kind.ClusterAnalysisTemplate).source("t.yaml").build();
        assertThat(template.namespace()).isEqualTo(Optional.empty());
        assertThat(template.toBuilder().build()).isEqualTo(template);
        assertThat(AnalysisTemplate.builder("rate").metrics(List.of()).build().source()).isEqualTo("<inline>");

        MetricResult result = MetricResult.builder("rate", AnalysisPhase.Failed).count(3).failed(2)
                .consecutiveError(1).message("failed 2 > limit 1").build();
        assertThat(result.toBuilder().build()).isEqualTo(result);

        DeployNotification notification = DeployNotification.builder(DeployNotification.Kind.FAILED,
                "app", "prod", "v2", "req-1").message("eu failed").time(T0).build();
        assertThat(notification.clusters()).isEmpty();
        assertThat(notification.toBuilder().build()).isEqualTo(notification);
    }
}
