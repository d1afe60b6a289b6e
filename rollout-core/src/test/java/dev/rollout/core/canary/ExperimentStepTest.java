package dev.rollout.core.canary;

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
import dev.rollout.core.conductor.VirtualTimeDriver;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.embedded.OperationRecord;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.web.WebMetricProvider;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.RolloutParser;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment step on the embedded cluster: a judged baseline and canary, side by side. */
class ExperimentStepTest {
    private static final WorkloadRef APP = new WorkloadRef("shop", "checkout");
    static final String SPEC = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
              namespace: shop
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                    - setWeight: 25
                    - experiment:
                        duration: 10m
                        templates:
                          - {name: baseline, specRef: stable, replicas: 2}
                          - {name: canary, specRef: canary, replicas: 2}
                        analyses:
                          - name: judge
                            templateName: latency-judge
                            args:
                              - {name: baseline, value: "{{templates.baseline.revision}}"}
                              - {name: canary, value: "{{templates.canary.revision}}"}
                    - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: latency-judge
              namespace: shop
            spec:
              args:
                - name: baseline
                - name: canary
              metrics:
                - name: latency
                  interval: 5m
                  count: 1
                  provider:
                    judge:
                      direction: increase
                      unit: ms
                      baseline:
                        web: {url: "http://127.0.0.1:1/latency?revision={{args.baseline}}"}
                      canary:
                        web: {url: "http://127.0.0.1:1/latency?revision={{args.canary}}"}
            """;

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();
    private final EmbeddedCluster cluster = EmbeddedCluster.builder().name("prod").clock(clock)
            .defaultReadyDelay(Duration.ofSeconds(20)).build();
    private final LoadedSpecs specs = AnalysisTemplateParser
            .registerOn(SpecLoader.create().register(RolloutParser.KIND, new RolloutParser()),
                    Map.of("web", new WebMetricProvider()))
            .loadString("checkout.yaml", SPEC);

    /** 200 latencies around {@code mean} ms with 3 ms of noise, from a fixed seed (as the judge tests). */
    private static String series(long seed, double mean) {
        Random random = new Random(seed);
        return DoubleStream.generate(() -> mean + 3 * random.nextGaussian()).limit(200)
                .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static ScriptedMetrics metrics(double canaryMean) {
        return ScriptedMetrics.parse("m.yaml", "metrics:\n"
                + "  latency.baseline:\n    values: [" + series(1, 100) + "]\n"
                + "  latency.canary:\n    values: [" + series(2, canaryMean) + "]\n");
    }

    private RolloutEngine engine(VirtualScheduler scheduler, ScriptedMetrics scripted, boolean stored) {
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                .providerExecutor(Runnable::run).provider(new WebMetricProvider())
                .scriptedMetrics(scripted).build();
        RolloutEngine.Builder b = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .analysisLauncher(launcher);
        if (stored) {
            b.stateStore(new FileStateStore(dir));
        }
        return b.build();
    }

    private RolloutSpec spec() {
        return specs.rollouts().get(0);
    }

    private List<String> ops() {
        return cluster.operations(APP).stream().map(OperationRecord::describe).toList();
    }

    private static void run(VirtualScheduler scheduler, RolloutHandle h) {
        VirtualTimeDriver.runUntil(scheduler, () -> !h.status().phase().equals(RolloutPhase.Progressing)
                && !h.status().phase().equals(RolloutPhase.Paused), Duration.ofDays(1));
        VirtualTimeDriver.runUntil(scheduler, () -> false, Duration.ofHours(1));
    }

    @Test
    void anUnchangedCanaryPassesAndBothSidesAreGoneAfterwards() {
        cluster.deploy(APP, Revision.of("v1"), 4);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        RolloutHandle h = engine(scheduler, metrics(100), false).start(spec(), "prod", Revision.of("v2"));
        run(scheduler, h);

        assertThat(h.status().phase()).as(h.status().message()).isEqualTo(RolloutPhase.Healthy);
        assertThat(ops()).contains("SCALE shop/checkout v1-baseline replicas=2",
                "SCALE shop/checkout v2-canary replicas=2", "REMOVE shop/checkout v1-baseline",
                "REMOVE shop/checkout v2-canary");
        assertThat(cluster.observe(APP).revisions()).containsOnlyKeys("v2");
        assertThat(h.status().analysisRuns()).singleElement()
                .satisfies(r -> assertThat(r.metrics().get(0).measurements().get(0).message())
                        .startsWith("latency: Pass (p=").contains("n=200/200"));
        // The sides ran the step's 10 minutes, counted once both were seen available (20 s, then
        // the engine's readiness poll).
        OperationRecord removed = cluster.operations(APP).stream()
                .filter(o -> o.describe().equals("REMOVE shop/checkout v1-baseline")).findFirst().orElseThrow();
        OperationRecord scaled = cluster.operations(APP).stream()
                .filter(o -> o.describe().equals("SCALE shop/checkout v1-baseline replicas=2")).findFirst().orElseThrow();
        assertThat(Duration.between(scaled.at(), removed.at())).isBetween(Duration.ofMinutes(10).plusSeconds(20),
                Duration.ofMinutes(11));
    }

    @Test
    void aThreePercentSlowerCanaryAbortsWithItsPValueAndIntervalAndBothSidesGone() {
        cluster.deploy(APP, Revision.of("v1"), 4);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        RolloutHandle h = engine(scheduler, metrics(103), false).start(spec(), "prod", Revision.of("v2"));
        run(scheduler, h);

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).matches("(?s).*latency: High \\(p=[0-9.e-]+ < 0\\.02, shift \\+[0-9.]+ ms "
                + "\\[[0-9.]+, [0-9.]+\\].*n=200/200\\).*");
        assertThat(ops()).contains("REMOVE shop/checkout v1-baseline", "REMOVE shop/checkout v2-canary");
        assertThat(cluster.observe(APP).revisions()).doesNotContainKeys("v1-baseline", "v2-canary");
    }

    @Test
    void anAbortDuringTheExperimentRemovesBothSides() {
        cluster.deploy(APP, Revision.of("v1"), 4);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        RolloutHandle h = engine(scheduler, metrics(100), false).start(spec(), "prod", Revision.of("v2"));
        VirtualTimeDriver.runUntil(scheduler, () -> cluster.observe(APP).revision("v2-canary")
                .map(r -> r.available() == 2).orElse(false), Duration.ofHours(1));
        assertThat(cluster.observe(APP).revisions()).containsKeys("v1-baseline", "v2-canary");

        h.abort();
        VirtualTimeDriver.runUntil(scheduler, () -> false, Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(cluster.observe(APP).revisions()).doesNotContainKeys("v1-baseline", "v2-canary");
        assertThat(ops()).contains("REMOVE shop/checkout v1-baseline", "REMOVE shop/checkout v2-canary");
    }

    @Test
    void aNewEngineResumingMidExperimentFinishesItAndLeavesNoSideBehind() {
        cluster.deploy(APP, Revision.of("v1"), 4);
        VirtualScheduler first = new VirtualScheduler(clock);
        RolloutEngine before = engine(first, metrics(100), true);
        before.start(spec(), "prod", Revision.of("v2"));
        VirtualTimeDriver.runUntil(first, () -> cluster.observe(APP).revision("v2-canary")
                .map(r -> r.available() == 2).orElse(false), Duration.ofHours(1));
        first.advance(Duration.ofMinutes(2));
        before.close();
        assertThat(cluster.observe(APP).revisions()).containsKeys("v1-baseline", "v2-canary");

        VirtualScheduler second = new VirtualScheduler(clock);
        RolloutEngine after = engine(second, metrics(100), true);
        after.resumeAll();
        RolloutHandle h = after.rollout("shop/checkout").orElseThrow();
        run(second, h);

        assertThat(h.status().phase()).as(h.status().message()).isEqualTo(RolloutPhase.Healthy);
        assertThat(cluster.observe(APP).revisions()).containsOnlyKeys("v2");
        // The sides were not scaled again: the new engine found them running.
        assertThat(ops()).filteredOn(o -> o.startsWith("SCALE shop/checkout v1-baseline")).hasSize(1);
    }
}
