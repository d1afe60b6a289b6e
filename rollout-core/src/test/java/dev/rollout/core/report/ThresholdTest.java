package dev.rollout.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.Metric;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which conditions give a threshold line, and which honestly give none. */
class ThresholdTest {
    private static String line(String condition) {
        return Threshold.parse("m", Threshold.Kind.Success, condition)
                .map(t -> t.operator() + " " + t.value()).orElse("none");
    }

    @Test
    void comparisonsOfTheResultWithANumberGiveTheirNumber() {
        assertThat(line("result <= 0.05")).isEqualTo("<= 0.05");
        assertThat(line("result[0] >= 0.95")).isEqualTo(">= 0.95");
        assertThat(line("default(result, 0) < 0.05")).isEqualTo("< 0.05");
        assertThat(line("asFloat(result) > 1e-3")).isEqualTo("> 0.001");
        assertThat(line(" 0.9 <= result ")).as("number first: the operator is turned round")
                .isEqualTo(">= 0.9");
        assertThat(line("isNaN(result) || result >= 0.95")).isEqualTo(">= 0.95");
        assertThat(line("len(result) == 0 || result[0] >= 0.95")).isEqualTo(">= 0.95");
    }

    @Test
    void otherShapesGiveNoLine() {
        assertThat(line("result == 'true'")).isEqualTo("none");
        assertThat(line("result < 0.05 && result > 0.01")).isEqualTo("none");
        assertThat(line("all(result, {# < 1})")).isEqualTo("none");
        assertThat(line("result[1] < 3")).isEqualTo("none");
        assertThat(line("result <")).as("a condition that does not compile").isEqualTo("none");
    }

    @Test
    void aMetricGivesOneLinePerConditionThatHasOne() {
        Metric metric = Metric.builder("latency", "web", Map.of("url", "http://x"))
                .successCondition("result < 0.3").failureCondition("result >= 0.5").build();
        assertThat(Threshold.of(metric)).extracting(Threshold::kind, Threshold::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Threshold.Kind.Success, 0.3),
                        org.assertj.core.groups.Tuple.tuple(Threshold.Kind.Failure, 0.5));
    }
}
