package dev.rollout.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class JudgeMetricProviderTest {
    private final Map<String, CompletableFuture<MetricValue>> answers = new ConcurrentHashMap<>();
    private final List<MeasurementRequest> asked = new ArrayList<>();
    private final MetricProvider memory = new MetricProvider() {
        @Override
        public String type() {
            return "memory";
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            asked.add(request);
            return answers.getOrDefault(request.metricName(), CompletableFuture.completedFuture(
                    new MetricValue.NoData("nothing")));
        }

        @Override
        public List<String> validate(Map<String, Object> provider) {
            return provider.containsKey("query") ? List.of() : List.of("query: is required");
        }
    };
    private final JudgeMetricProvider judge = JudgeMetricProvider.over(Map.of("memory", memory));

    private static List<Object> series(long seed, double mean, int n) {
        Random random = new Random(seed);
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(mean + 3 * random.nextGaussian());
        }
        return values;
    }

    private void answer(String name, List<Object> values) {
        answers.put(name, CompletableFuture.completedFuture(MetricValue.Vector.of(values)));
    }

    private static MeasurementRequest request(Map<String, Object> block) {
        return new MeasurementRequest("r1", "run", "latency", block, Instant.EPOCH,
                Optional.of(Duration.ofMinutes(1)), Duration.ofSeconds(30), List.of());
    }

    private static Map<String, Object> single(String direction) {
        return Map.of("direction", direction, "baseline", Map.of("memory", Map.of("query", "b")),
                "canary", Map.of("memory", Map.of("query", "c")));
    }

    @Test
    void measuresBothSidesUnderTheirOwnNamesAndJudgesThem() {
        answer("latency.baseline", series(1, 100, 200));
        answer("latency.canary", series(2, 103, 200));

        MetricValue.Judged v = (MetricValue.Judged) judge.measure(request(single("increase"))).join();

        assertThat(asked).extracting(MeasurementRequest::metricName).containsExactly("latency.baseline", "latency.canary");
        assertThat(asked.get(0).provider()).isEqualTo(Map.of("query", "b"));
        assertThat(asked.get(0).interval()).contains(Duration.ofMinutes(1));
        assertThat(v.phase()).isEqualTo(AnalysisPhase.Failed);
        assertThat(v.score()).isZero();
        assertThat(v.message()).startsWith("latency: High (p=");
        @SuppressWarnings("unchecked")
        Map<String, Object> metric = ((List<Map<String, Object>>) v.details().get("metrics")).get(0);
        assertThat(metric).containsEntry("classification", "High").containsKeys("pValue", "lower", "upper", "shift", "u");
    }

    @Test
    void aMetricsListIsScoredByGroupsAndMarginalIsInconclusive() {
        answer("latency.fast.baseline", series(1, 100, 200));
        answer("latency.fast.canary", series(2, 100, 200));
        answer("latency.slow.baseline", series(3, 100, 200));
        answer("latency.slow.canary", series(4, 110, 200));
        Map<String, Object> pairFast = Map.of("name", "fast", "baseline", Map.of("memory", Map.of("query", "b")),
                "canary", Map.of("memory", Map.of("query", "c")));
        Map<String, Object> pairSlow = Map.of("name", "slow", "baseline", Map.of("memory", Map.of("query", "b")),
                "canary", Map.of("memory", Map.of("query", "c")));

        MetricValue.Judged v = (MetricValue.Judged) judge.measure(request(Map.of("metrics", List.of(pairFast, pairSlow),
                "pass", 90, "marginal", 50))).join();

        assertThat(v.score()).isEqualTo(50.0);
        assertThat(v.phase()).isEqualTo(AnalysisPhase.Inconclusive);
        assertThat(v.message()).startsWith("score 50 (Marginal, below pass 90, at or above marginal 50)")
                .contains("fast: Pass").contains("slow: High");
    }

    @Test
    void noDataOnTheOnlyMetricFailsAsKayentaDoes() {
        answer("latency.baseline", series(1, 100, 20));

        MetricValue.Judged v = (MetricValue.Judged) judge.measure(request(single("either"))).join();

        assertThat(v.phase()).isEqualTo(AnalysisPhase.Failed);
        assertThat(v.message()).contains("Nodata").contains("no canary data").contains("1 of 1 metrics have no data");
    }

    @Test
    void aSideErrorOrANonNumericSideIsAProviderErrorNamingTheSide() {
        answers.put("latency.baseline", CompletableFuture.failedFuture(new IllegalStateException("backend down")));
        answer("latency.canary", List.of(1.0));

        assertThatThrownBy(() -> judge.measure(request(single("either"))).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("judge latency.baseline: backend down");

        answer("latency.baseline", List.of("fast"));
        assertThatThrownBy(() -> judge.measure(request(single("either"))).join())
                .hasMessageContaining("judge latency.baseline: a side must be a series of numbers, found \"fast\"");
    }

    @Test
    void cancellingTheMeasurementCancelsTheSides() {
        CompletableFuture<MetricValue> hanging = new CompletableFuture<>();
        answers.put("latency.baseline", hanging);
        answers.put("latency.canary", new CompletableFuture<>());

        judge.measure(request(single("either"))).cancel(true);

        assertThat(hanging).isCancelled();
    }

    @Test
    void validationNamesEveryProblemAtItsField() {
        Map<String, Object> block = new java.util.LinkedHashMap<>();
        block.put("direction", "up");
        block.put("tolerance", "lots");
        block.put("confidence", 1.5);
        block.put("baseline", Map.of("memory", Map.of()));
        block.put("canary", Map.of("memory", Map.of("query", "c"), "web", Map.of()));
        block.put("nanStrategy", "zero");
        block.put("effectSize", Map.of("measure", "cohen"));
        block.put("colour", "red");

        assertThat(judge.validate(block)).contains(
                "colour: unknown field (allowed: baseline, canary, confidence, critical, direction, effectSize, "
                        + "group, groupWeights, marginal, metrics, mustHaveData, muted, name, nanStrategy, outliers, "
                        + "pass, tolerance, unit)",
                "direction: must be increase, decrease or either, was \"up\"",
                "tolerance: must be a number, was lots",
                "canary: must set exactly one provider, found memory and web",
                "nanStrategy: must be remove or {replace: <number>}, was zero",
                "effectSize.measure: must be meanRatio or cles, was \"cohen\"",
                "confidence: must be in (0, 1), was 1.5");
        assertThat(judge.validate(single("increase"))).isEmpty();
        assertThat(judge.validate(Map.of("baseline", Map.of("memory", Map.of()), "canary", Map.of("nope", Map.of()))))
                .containsExactlyInAnyOrder("canary.nope: unknown provider", "baseline.memory.query: is required");
        assertThat(judge.validate(Map.of("direction", "{{args.direction}}", "baseline", Map.of("memory",
                Map.of("query", "b")), "canary", Map.of("memory", Map.of("query", "c"))))).isEmpty();
    }
}
