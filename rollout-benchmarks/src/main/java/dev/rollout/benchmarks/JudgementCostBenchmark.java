package dev.rollout.benchmarks;

import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.judge.JudgeMetricProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of 1,000 rollouts judged every minute: one invocation is one minute's round, 1,000
 * judge measurements, each of three metrics (latency, error rate, CPU) with {@code samples}
 * values per side, through {@link JudgeMetricProvider} (block parsing, both sides' futures, NaN
 * and outlier handling, the test, scoring and the verdict's details). Sides answer at once from
 * memory, so the figure is the judge's own CPU cost; divide by 60 s for the share of one core.
 *
 * <p>Run: {@code java -jar rollout-benchmarks/target/benchmarks.jar JudgementCostBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JudgementCostBenchmark {
    static final int ROLLOUTS = 1_000;

    @Param({"60", "200"})
    int samples;

    private JudgeMetricProvider judge;
    private final List<MeasurementRequest> requests = new ArrayList<>();

    /** 1,000 rollouts' requests and a memory-backed side provider. */
    @Setup
    public void setUp() {
        Random random = new Random(7);
        Map<String, MetricValue> answers = new java.util.HashMap<>();
        List<Map<String, Object>> metrics = List.of(
                pair("latency", "increase", "ms"), pair("errors", "increase", ""), pair("cpu", "either", "%"));
        for (int r = 0; r < ROLLOUTS; r++) {
            for (Map<String, Object> m : metrics) {
                for (String side : List.of("baseline", "canary")) {
                    List<Object> values = new ArrayList<>();
                    double shift = side.equals("canary") && r % 10 == 0 ? 1.03 : 1.0;
                    for (int i = 0; i < samples; i++) {
                        values.add(100 * shift * Math.exp(0.2 * random.nextGaussian()));
                    }
                    answers.put("rollout-" + r + ".judge." + m.get("name") + "." + side, MetricValue.Vector.of(values));
                }
            }
        }
        MetricProvider memory = new MetricProvider() {
            @Override
            public String type() {
                return "memory";
            }

            @Override
            public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
                return CompletableFuture.completedFuture(answers.get(request.provider().get("key") + "." + request.metricName()));
            }
        };
        judge = new JudgeMetricProvider((name, type) -> memory);
        for (int r = 0; r < ROLLOUTS; r++) {
            List<Object> pairs = new ArrayList<>();
            for (Map<String, Object> m : metrics) {
                Map<String, Object> p = new java.util.LinkedHashMap<>(m);
                p.put("baseline", Map.of("memory", Map.of("key", "rollout-" + r)));
                p.put("canary", Map.of("memory", Map.of("key", "rollout-" + r)));
                pairs.add(p);
            }
            requests.add(new MeasurementRequest("rollout-" + r, "judge-run", "judge",
                    Map.of("metrics", pairs, "pass", 90, "marginal", 50), Instant.EPOCH,
                    Optional.of(Duration.ofMinutes(1)), Duration.ofSeconds(30), List.of()));
        }
    }

    private static Map<String, Object> pair(String name, String direction, String unit) {
        return Map.of("name", name, "direction", direction, "unit", unit,
                "outliers", Map.of("factor", 3, "widenToPercentiles", true));
    }

    /** One minute of 1,000 rollouts: the time per judgement is this figure. */
    @Benchmark
    @OperationsPerInvocation(ROLLOUTS)
    public int oneMinuteOfThousandRollouts() {
        int failed = 0;
        for (MeasurementRequest request : requests) {
            MetricValue.Judged verdict = (MetricValue.Judged) judge.measure(request).join();
            if (verdict.score() < 50) {
                failed++;
            }
        }
        return failed;
    }
}
