package dev.rollout.core.provider.scripted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ScriptedMetricsTest {

    static MeasurementRequest request(String rollout, String metric) {
        return new MeasurementRequest(rollout, "run", metric, Map.of(), Instant.EPOCH, Optional.empty(),
                Duration.ofSeconds(1), List.of());
    }

    @Test
    void loadsEveryValueShapeInOrderAndRepeatsTheLast() {
        ScriptedMetrics s = ScriptedMetrics.load(Path.of("src/test/resources/analysis/metrics.yaml"));
        assertThat(s.metricNames()).containsExactly("error-rate", "latency");
        assertThat(s.script("error-rate")).containsExactly(
                ScriptedValue.scalar(0.99),
                ScriptedValue.vector(List.of(0.97, 0.98)),
                ScriptedValue.noData(),
                ScriptedValue.error("timeout"),
                ScriptedValue.scalar(Double.NaN),
                ScriptedValue.scalar(true),
                ScriptedValue.scalar("ok"));
        assertThat(s.script("latency")).containsExactly(ScriptedValue.scalar(120L), new ScriptedValue.Hang());

        List<CompletableFuture<MetricValue>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            answers.add(s.provider().measure(request("ns/a", "error-rate")));
        }
        assertThat(answers.get(0).join()).isEqualTo(new MetricValue.Scalar(0.99));
        assertThat(answers.get(2).join()).isInstanceOf(MetricValue.NoData.class);
        assertThat(answers.get(3)).isCompletedExceptionally();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> answers.get(3).join()).getCause())
                .isInstanceOf(ProviderException.class).hasMessage("timeout");
        assertThat(answers.get(8).join()).isEqualTo(new MetricValue.Scalar("ok"));
        // another rollout has its own position
        assertThat(s.provider().measure(request("ns/b", "error-rate")).join()).isEqualTo(new MetricValue.Scalar(0.99));
        CompletableFuture<MetricValue> hang = s.provider().measure(request("ns/a", "latency"));
        assertThat(hang.join()).isEqualTo(new MetricValue.Scalar(120L));
        assertThat(s.provider().measure(request("ns/a", "latency"))).isNotDone();
        assertThat(s.scripts("latency")).isTrue();
        assertThat(s.scripts("other")).isFalse();
    }

    @Test
    void errorsNameFileLineAndField() {
        String yaml = """
                metrics:
                  a:
                    values: []
                  b:
                    value: [1]
                  c:
                    values: [{oops: 1}, [[1]], {error: 5}]
                extra: 1
                """;
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> ScriptedMetrics.parse("m.yaml", yaml));
        assertThat(e.problems()).extracting(SpecProblem::file).containsOnly("m.yaml");
        assertThat(e.problems()).extracting(SpecProblem::field, SpecProblem::line).contains(
                Tuple.tuple("metrics.a.values", 2),
                Tuple.tuple("metrics.b.value", 5),
                Tuple.tuple("metrics.c.values[0].oops", 7),
                Tuple.tuple("metrics.c.values[1][0]", 7),
                Tuple.tuple("metrics.c.values[2].error", 7),
                Tuple.tuple("extra", 8));
        assertThat(e.problems()).extracting(SpecProblem::field).doesNotContain("metrics.a", "metrics.b");
    }

    @Test
    void emptyFileIsAnError() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> ScriptedMetrics.parse("m.yaml", "# nothing\n"));
        assertThat(e.problems()).singleElement().extracting(SpecProblem::field).isEqualTo("metrics");
        assertThat(Arrays.asList(e.getMessage().split("\n"))).allMatch(l -> l.startsWith("m.yaml"));
    }

    @Test
    void yamlSpecialFloatsAreNumbersAndLaterLinesKeepTheirNumbers() {
        ScriptedMetrics s = ScriptedMetrics.parse("m.yaml", """
                metrics:
                  a:
                    values: [.nan, .inf, -.inf, 0.5]
                """);
        assertThat(s.script("a")).containsExactly(ScriptedValue.scalar(Double.NaN),
                ScriptedValue.scalar(Double.POSITIVE_INFINITY),
                ScriptedValue.scalar(Double.NEGATIVE_INFINITY), ScriptedValue.scalar(0.5));

        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> ScriptedMetrics.parse("m.yaml", """
                        metrics:
                          a:
                            values: [.nan, .inf,
                              -.inf, {oops: 1}]
                          b:
                            values:
                            - .inf
                            - [.nan, {x: 1}]
                        """));
        assertThat(e.problems()).extracting(SpecProblem::field, SpecProblem::line).containsExactly(
                Tuple.tuple("metrics.a.values[3].oops", 4),
                Tuple.tuple("metrics.a.values[3]", 4),
                Tuple.tuple("metrics.b.values[1][1]", 8));
    }
}
