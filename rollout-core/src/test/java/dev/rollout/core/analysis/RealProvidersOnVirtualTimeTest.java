package dev.rollout.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A rollout with background and step analysis on virtual time, its metric answered by providers
 * that live in real time: answers from another thread after a real delay, a hang. Virtual time
 * must never expire a call in flight, and a bad answer must never be missed.
 */
class RealProvidersOnVirtualTimeTest {
    private static final String SPECS = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              replicas: 4
              strategy:
                canary:
                  analysis:
                    templates: [{templateName: error-rate}]
                  steps:
                  - setWeight: 25
                  - pause: {duration: 10s}
                  - analysis:
                      templates: [{templateName: error-rate}]
                  - setWeight: 75
                  - pause: {duration: 10s}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: error-rate, namespace: shop}
            spec:
              metrics:
              - name: error-rate
                interval: 1m
                count: 2
                failureLimit: 0
                consecutiveErrorLimit: 0
                successCondition: result < 0.05
                provider:
                  prometheus: {query: errors}
            """;

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final AtomicInteger calls = new AtomicInteger();

    /** Answers {@code value} from another thread after a random real delay of up to 3 ms. */
    private MetricProvider answeringLater(double value) {
        return provider(future -> CompletableFuture.delayedExecutor(
                ThreadLocalRandom.current().nextInt(4), TimeUnit.MILLISECONDS)
                .execute(() -> future.complete(new MetricValue.Scalar(value))));
    }

    private MetricProvider provider(Consumer<CompletableFuture<MetricValue>> answer) {
        return new MetricProvider() {
            @Override
            public String type() {
                return "prometheus";
            }

            @Override
            public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
                calls.incrementAndGet();
                CompletableFuture<MetricValue> future = new CompletableFuture<>();
                answer.accept(future);
                return future;
            }
        };
    }

    private RolloutStatus run(DefaultAnalysisLauncher.Builder launcher) {
        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                .loadString("checkout.yaml", SPECS);
        EmbeddedCluster cluster = EmbeddedCluster.builder().clock(scheduler.clock()).build();
        cluster.deploy(new WorkloadRef("shop", "checkout"), Revision.of("v1"), 4);
        DefaultAnalysisLauncher analysis = launcher.scheduler(scheduler)
                .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class))).build();
        try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .analysisLauncher(analysis).build()) {
            RolloutHandle rollout = engine.start(specs.rollouts().get(0), cluster.name(), Revision.of("v2"));
            scheduler.runUntilIdle(Duration.ofHours(1));
            return rollout.status();
        }
    }

    private static List<Measurement> measurements(RolloutStatus status) {
        return status.analysisRuns().stream().flatMap(r -> r.metrics().stream())
                .flatMap(m -> m.measurements().stream()).toList();
    }

    /** The scripted run on the default (shared, multi-threaded) provider executor: never a spurious abort. */
    @RepeatedTest(50)
    void aHealthyScriptedRunIsPromotedEveryTime() {
        RolloutStatus status = run(DefaultAnalysisLauncher.builder().scriptedMetrics(
                ScriptedMetrics.of(Map.of("error-rate", List.of(ScriptedValue.scalar(0.01))))));

        assertThat(status.phase()).as(status.message()).isEqualTo(RolloutPhase.Healthy);
        assertThat(measurements(status)).hasSize(4).allMatch(m -> m.phase() == AnalysisPhase.Successful);
    }

    @RepeatedTest(20)
    void aHealthyProviderAnsweringOnAnotherThreadAfterARealDelayIsPromotedEveryTime() {
        RolloutStatus status = run(DefaultAnalysisLauncher.builder().provider(answeringLater(0.01)));

        assertThat(status.phase()).as(status.message()).isEqualTo(RolloutPhase.Healthy);
        // two measurements of the background run, two of the step's
        assertThat(calls).hasValue(4);
        assertThat(measurements(status)).hasSize(4).allMatch(m -> m.phase() == AnalysisPhase.Successful);
    }

    @RepeatedTest(5)
    void aBadAnswerFromAnotherThreadAbortsTheRolloutEveryTime() {
        RolloutStatus status = run(DefaultAnalysisLauncher.builder().provider(answeringLater(0.3)));

        assertThat(status.aborted()).as(status.message()).isTrue();
        assertThat(status.phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(status.stableRevision()).isEqualTo("v1");
        // the background run's first measurement, taken at the start, failed it
        assertThat(calls).hasValue(1);
        assertThat(status.analysisRuns()).extracting(AnalysisRunStatus::phase).contains(AnalysisPhase.Failed);
    }

    @Test
    void aHungRealProviderTimesOutInRealTimeWhileVirtualTimeStandsStill() {
        RolloutStatus status = run(DefaultAnalysisLauncher.builder().provider(provider(future -> { }))
                .measurementTimeout(Duration.ofMillis(200)));

        assertThat(status.aborted()).as(status.message()).isTrue();
        Measurement timedOut = measurements(status).get(0);
        assertThat(timedOut.phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(timedOut.message()).contains("measurement timed out after 0.2s");
        // no virtual time passed while the call was in flight
        assertThat(timedOut.finishedAt()).contains(timedOut.startedAt());
        assertThat(scheduler.externalWorkInFlight()).isZero();
    }

    /** The simulator holds virtual time for real providers with the same public mechanism. */
    @RepeatedTest(5)
    void theSimulatorWaitsForARealProviderAndCatchesABadAnswer() {
        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                .loadString("checkout.yaml", SPECS);
        dev.rollout.core.simulation.Simulation.Builder simulation = dev.rollout.core.simulation.Simulation
                .builder().spec(specs.rollouts().get(0)).templates(specs.objects(AnalysisTemplate.class));

        RolloutStatus good = simulation.providers(Map.of("prometheus", answeringLater(0.01))).build().run().status();
        assertThat(good.phase()).as(good.message()).isEqualTo(RolloutPhase.Healthy);
        assertThat(calls).hasValue(4);

        RolloutStatus bad = simulation.providers(Map.of("prometheus", answeringLater(0.3))).build().run().status();
        assertThat(bad.aborted()).as(bad.message()).isTrue();
        assertThat(calls).hasValue(5);
    }
}
