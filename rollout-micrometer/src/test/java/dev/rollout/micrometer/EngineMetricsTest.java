package dev.rollout.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A promoted and an aborted canary on virtual time, read back from a SimpleMeterRegistry. */
class EngineMetricsTest {
    private static final String SPECS = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: %s, namespace: shop}
            spec:
              replicas: 4
              selector: {matchLabels: {app: %1$s}}
              template:
                metadata: {labels: {app: %1$s}}
                spec:
                  containers: [{name: app, image: "registry.example.com/app:2"}]
              strategy:
                canary:
                  steps:
                    - setWeight: 25
                    - pause: {duration: 1m}
                    - analysis: {templates: [{templateName: success-rate}]}
                    - setWeight: 100
            """;
    private static final String TEMPLATE = """
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: success-rate, namespace: shop}
            spec:
              metrics:
                - name: success-rate
                  interval: 30s
                  count: 2
                  failureLimit: 0
                  successCondition: result >= 0.95
                  provider:
                    slow: {query: success}
            """;

    private final MockClock clock = new MockClock(Instant.parse("2026-01-01T00:00:00Z"));
    // The fake provider answers on this scheduler's own virtual time, so nothing is tracked.
    private final VirtualScheduler scheduler = VirtualScheduler.ignoringExternalWork(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerRolloutMetrics metrics = new MicrometerRolloutMetrics(registry);

    @Test
    void aPromotedAndAnAbortedCanaryAreCountedByPhaseStepAndMeasurement() {
        SlowProvider slow = new SlowProvider(scheduler);
        SpecLoader loader = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of("slow", slow));
        LoadedSpecs templates = loader.loadString("templates.yaml", TEMPLATE);
        EmbeddedCluster cluster = EmbeddedCluster.builder().clock(clock).build();
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder()
                .scheduler(scheduler)
                .templates(TemplateRegistry.of(templates.objects(AnalysisTemplate.class)))
                .provider(slow)
                .providerExecutor(Runnable::run)
                .metrics(metrics)
                .build();
        try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .analysisLauncher(launcher).degradedPollInterval(Duration.ZERO).metrics(metrics).build()) {
            RolloutHandle good = start(engine, cluster, loader, "good");
            RolloutHandle bad = start(engine, cluster, loader, "bad");
            scheduler.runUntilIdle(Duration.ofHours(1));

            assertThat(good.status().phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(bad.status().phase()).isEqualTo(RolloutPhase.Degraded);
        }

        assertThat(gauge("rollout.phase", "phase", "Healthy")).isEqualTo(1);
        assertThat(gauge("rollout.phase", "phase", "Degraded")).isEqualTo(1);
        assertThat(gauge("rollout.phase", "phase", "Progressing")).isZero();
        assertThat(gauge("rollout.phase", "phase", "Paused")).isZero();
        assertThat(registry.get("rollout.events").tags("type", "Normal", "reason", "Promoted").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("rollout.events").tags("type", "Warning", "reason", "Aborted").counter()
                .count()).isEqualTo(1);

        // Both passed the one-minute pause; only the good one completed its analysis step.
        Timer pause = registry.get("rollout.step.duration").tag("type", "pause").timer();
        assertThat(pause.count()).isEqualTo(2);
        assertThat(pause.totalTime(TimeUnit.SECONDS)).isEqualTo(120);
        Timer analysis = registry.get("rollout.step.duration").tag("type", "analysis").timer();
        assertThat(analysis.count()).isEqualTo(1);
        // Two measurements 30 s apart, each answered after 1.5 s.
        assertThat(analysis.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(33_000);

        assertThat(registry.get("analysis.run.completed").tag("phase", "Successful").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("analysis.run.completed").tag("phase", "Failed").counter().count())
                .isEqualTo(1);
        assertThat(gauge("analysis.run.phase", "phase", "Running")).isZero();
        assertThat(gauge("analysis.run.phase", "phase", "Pending")).isZero();

        assertThat(registry.get("analysis.run.measurements").tags("provider", "slow", "phase", "Successful")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("analysis.run.measurements").tags("provider", "slow", "phase", "Failed")
                .counter().count()).isEqualTo(1);
        Timer latency = registry.get("analysis.run.measurement.duration").tag("provider", "slow").timer();
        assertThat(latency.count()).isEqualTo(3);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(SlowProvider.LATENCY.toMillis());
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3 * SlowProvider.LATENCY.toMillis());
    }

    @Test
    void aRolloutSeenInPhasesMovesBetweenGaugesRatherThanAddingUp() {
        EngineMeters meters = (EngineMeters) metrics.rolloutListener();
        Instant at = clock.instant();
        meters.onEvent(new dev.rollout.api.event.RolloutEvent.Started("shop/a", "2", at, "start"));
        meters.onEvent(new dev.rollout.api.event.RolloutEvent.PhaseChanged("shop/a", "2", at,
                RolloutPhase.Progressing, RolloutPhase.Paused, "paused"));
        assertThat(gauge("rollout.phase", "phase", "Paused")).isEqualTo(1);
        assertThat(gauge("rollout.phase", "phase", "Progressing")).isZero();
        // A newer revision supersedes it: one rollout, Progressing again.
        meters.onEvent(new dev.rollout.api.event.RolloutEvent.Started("shop/a", "3", at, "start"));
        assertThat(gauge("rollout.phase", "phase", "Paused")).isZero();
        assertThat(gauge("rollout.phase", "phase", "Progressing")).isEqualTo(1);
    }

    private RolloutHandle start(RolloutEngine engine, EmbeddedCluster cluster, SpecLoader loader, String name) {
        RolloutSpec spec = loader.loadString(name + ".yaml", SPECS.formatted(name)).objects(RolloutSpec.class).get(0);
        cluster.deploy(new WorkloadRef("shop", name), Revision.of("1"), spec.replicas());
        return engine.start(spec, cluster.name(), Revision.of("2"));
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }
}
