package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TestRolloutTest {
    static final String CANARY = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              replicas: 10
              strategy:
                canary:
                  steps:
                    - setWeight: 20
                    - pause: {duration: 1h}
                    - analysis:
                        templates: [{templateName: error-rate}]
                    - setWeight: 60
                    - pause: {duration: 30m}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: error-rate, namespace: shop}
            spec:
              metrics:
                - name: error-rate
                  interval: 1m
                  count: 3
                  successCondition: result < 0.05
                  provider:
                    web: {url: "http://metrics.invalid/error-rate", jsonPath: "{$.value}"}
            """;

    @Test
    void aCanaryWithGoodMetricsIsPromotedOnVirtualTime() {
        TestRollout.Outcome outcome = RolloutTestKit.canary(CANARY)
                .metric("error-rate", 0.01, 0.02, 0.01)
                .run()
                .assertHealthy();

        assertThat(outcome.status().stableRevision()).isEqualTo("2");
        assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(90));
        assertThat(outcome.timeline()).isNotEmpty();
        assertThat(outcome.stoppedAtLimit()).isFalse();
    }

    @Test
    void aCanaryWithABadMeasurementIsAborted() {
        TestRollout.Outcome outcome = TestRollout.fromYaml(CANARY)
                .metric("error-rate", ScriptedValue.scalar(0.01), ScriptedValue.scalar(0.2))
                .run()
                .assertAborted();

        assertThat(outcome.status().stableRevision()).isEqualTo("1");
        assertThat(outcome.status().canaryWeight()).isZero();
    }

    @Test
    void aFailedAssertionTellsTheStory() {
        TestRollout.Outcome aborted = TestRollout.fromYaml(CANARY).metric("error-rate", 0.5).run();

        assertThatThrownBy(aborted::assertHealthy).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected Healthy").hasMessageContaining("aborted")
                .hasMessageContaining("events:");
    }

    @Test
    void anIndefinitePauseWaitsForAPerson() {
        String paused = CANARY.replace("pause: {duration: 1h}", "pause: {}");

        TestRollout.Outcome outcome = TestRollout.fromYaml(paused).metric("error-rate", 0.01).run().assertPaused();

        assertThat(outcome.phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(outcome.status().canaryWeight()).isEqualTo(20);
    }

    @Test
    void aBadSpecIsAnErrorNamingTheField() {
        String bad = CANARY.replace("setWeight: 60", "setWeight: 160");

        assertThatThrownBy(() -> TestRollout.fromYaml(bad).run()).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("setWeight");
    }

    @Test
    void theFactoriesShareOneVirtualClock() {
        MockClock clock = RolloutTestKit.mockClock();
        VirtualScheduler scheduler = RolloutTestKit.virtualScheduler(clock);
        EmbeddedCluster cluster = RolloutTestKit.embeddedCluster(clock);
        AtomicBoolean ran = new AtomicBoolean();
        scheduler.schedule(() -> ran.set(true), Duration.ofHours(2));

        scheduler.runUntilIdle(Duration.ofDays(1));
        cluster.deploy(new WorkloadRef("shop", "web"), Revision.of("v1"), 2);

        assertThat(ran).isTrue();
        assertThat(clock.instant()).isEqualTo(RolloutTestKit.START.plus(Duration.ofHours(2)));
        assertThat(cluster.clock()).isSameAs(clock);
        assertThat(RolloutTestKit.scriptedMetrics(Map.of("m", List.of(ScriptedValue.scalar(1)))).scripts("m"))
                .isTrue();
        assertThat(RolloutTestKit.scriptedMetrics("metrics:\n  m:\n    values: [1, 2]\n").script("m")).hasSize(2);
    }
}
