package dev.rollout.examples.bench;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs many analysis runs at once on virtual time and reports heap per run and measurements per
 * second of wall time. Defaults: 10,000 runs of 3 metrics each, a 1 s interval, 60 virtual seconds,
 * scripted values, the engine's {@link VirtualScheduler}. Arguments: {@code [runs] [metricsPerRun] [virtualSeconds]}.
 *
 * <p>Run: {@code mvn -q -pl rollout-examples -am package -DskipTests} then
 * {@code java -Xmx2g -cp rollout-examples/target/rollout.jar dev.rollout.examples.bench.AnalysisBenchmark}.
 */
public final class AnalysisBenchmark {

    private AnalysisBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int metricsPerRun = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;

        VirtualScheduler scheduler = new VirtualScheduler();
        List<Metric> metrics = new ArrayList<>();
        Map<String, List<ScriptedValue>> scripts = new java.util.LinkedHashMap<>();
        for (int i = 0; i < metricsPerRun; i++) {
            String name = "metric-" + i;
            metrics.add(Metric.builder(name, "prometheus", Map.of("query", "q" + i))
                    .interval("1s").successCondition("result < 0.05").failureLimit(3).build());
            scripts.put(name, List.of(ScriptedValue.scalar(0.01), ScriptedValue.scalar(0.02)));
        }
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder()
                .scheduler(scheduler)
                .templates(TemplateRegistry.of(AnalysisTemplate.of("bench", List.of(), metrics)))
                .scriptedMetrics(ScriptedMetrics.of(scripts))
                .conditionCompiler(Conditions::compile)
                .providerExecutor(Runnable::run)
                .build();

        long heapBefore = usedHeap();
        AtomicLong measured = new AtomicLong();
        List<AnalysisRun> started = new ArrayList<>(runs);
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            AnalysisRunRequest request = new AnalysisRunRequest("bench/app-" + i, "bench", "r1",
                    "app-" + i + "-bench", AnalysisRef.of("bench"), Map.of(), event -> {
                        if (event instanceof dev.rollout.api.event.RolloutEvent.AnalysisMeasured) {
                            measured.incrementAndGet();
                        }
                    });
            started.add(launcher.start(request, status -> { }));
        }
        long startNanos = System.nanoTime() - t0;
        // warm-up: 15 virtual seconds, so every metric holds its 10 retained measurements
        scheduler.advance(Duration.ofSeconds(15));
        long heapSteady = usedHeap();
        long measuredBefore = measured.get();
        long t1 = System.nanoTime();
        scheduler.advance(Duration.ofSeconds(seconds));
        long wall = System.nanoTime() - t1;
        long count = measured.get() - measuredBefore;
        long running = started.stream().filter(r -> r.status().phase() == AnalysisPhase.Running).count();
        started.forEach(AnalysisRun::terminate);

        double perRunKb = (heapSteady - heapBefore) / 1024.0 / runs;
        System.out.printf(Locale.ROOT, "runs=%d metrics/run=%d interval=1s virtual=%ds (+15s warm-up)%n",
                runs, metricsPerRun, seconds);
        System.out.printf(Locale.ROOT, "start of %d runs: %.0f ms%n", runs, startNanos / 1e6);
        System.out.printf(Locale.ROOT, "heap per run (steady, 10 measurements kept per metric): %.1f KB (%.1f MB total)%n",
                perRunKb, (heapSteady - heapBefore) / 1024.0 / 1024.0);
        System.out.printf(Locale.ROOT, "measurements: %d in %.2f s wall = %.0f measurements/s%n",
                count, wall / 1e9, count / (wall / 1e9));
        System.out.printf(Locale.ROOT, "still running at the end: %d of %d (expected all)%n", running, runs);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
