package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue's "done when": a judged canary through {@code rollout simulate --json}. */
class JudgeSimulateTest {
    static final String JUDGED_CANARY = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
            spec:
              replicas: 10
              strategy:
                canary:
                  steps:
                    - setWeight: 20
                    - analysis:
                        templates:
                          - templateName: latency-judge
                    - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: latency-judge
            spec:
              metrics:
                - name: latency
                  provider:
                    judge:
                      direction: increase
                      unit: ms
                      baseline:
                        datadog:
                          query: "avg:trace.http.request.duration{service:checkout,version:stable}"
                      canary:
                        datadog:
                          query: "avg:trace.http.request.duration{service:checkout,version:canary}"
            """;

    @TempDir
    Path dir;

    /** 200 latencies around {@code mean} ms with 3 ms of noise, rounded to 0.01 ms, from a fixed seed. */
    private static String series(long seed, double mean) {
        Random random = new Random(seed);
        return DoubleStream.generate(() -> mean + 3 * random.nextGaussian()).limit(200)
                .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String metrics(double canaryMean) {
        return "metrics:\n"
                + "  latency.baseline:\n    values: [" + series(1, 100) + "]\n"
                + "  latency.canary:\n    values: [" + series(2, canaryMean) + "]\n";
    }

    @Test
    void aCanaryThreePercentSlowerFailsWithItsPValueAndInterval() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", JUDGED_CANARY),
                "--metrics", cli.file("m.yaml", metrics(103)), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Degraded");
        assertThat(json.get("aborted").asBoolean()).isTrue();
        JsonNode metric = json.get("analysisRuns").get(0).get("metrics").get(0);
        assertThat(metric.get("phase").asText()).isEqualTo("Failed");
        JsonNode measurement = metric.get("measurements").get(0);
        assertThat(measurement.get("phase").asText()).isEqualTo("Failed");
        assertThat(measurement.get("value").asText()).isEqualTo("0");
        assertThat(measurement.get("message").asText()).matches(
                "latency: High \\(p=[0-9.e-]+ < 0\\.02, shift \\+[0-9.]+ ms \\[[0-9.]+, [0-9.]+\\], "
                        + "ratio 1\\.0[0-9]+, n=200/200\\): the interval lies above .*");
        JsonNode verdict = measurement.get("judge").get("metrics").get(0);
        assertThat(verdict.get("classification").asText()).isEqualTo("High");
        assertThat(verdict.get("pValue").asDouble()).isLessThan(0.02);
        assertThat(verdict.get("shift").asDouble()).isBetween(2.0, 4.0);
        assertThat(verdict.get("lower").asDouble()).isPositive().isLessThan(verdict.get("shift").asDouble());
        assertThat(verdict.get("upper").asDouble()).isGreaterThan(verdict.get("shift").asDouble());
        assertThat(verdict.get("confidence").asDouble()).isEqualTo(0.98);
        assertThat(verdict.get("meanRatio").asDouble()).isBetween(1.02, 1.04);
        assertThat(verdict.get("canary").get("kept").asInt()).isEqualTo(200);
        assertThat(verdict.get("baseline").get("kept").asInt()).isEqualTo(200);
        assertThat(measurement.get("judge").get("outcome").asText()).isEqualTo("FAIL");
        // The abort itself says why: the metric's and the rollout's messages carry the verdict.
        assertThat(metric.get("message").asText())
                .contains("last measurement: " + measurement.get("message").asText())
                .doesNotContain("no condition");
        assertThat(json.get("message").asText()).contains("metric \"latency\" Failed")
                .containsPattern("p=[0-9.e-]+ < 0\\.02, shift \\+[0-9.]+ ms \\[[0-9.]+, [0-9.]+\\]");
    }

    @Test
    void anUnchangedCanaryPasses() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", JUDGED_CANARY),
                "--metrics", cli.file("m.yaml", metrics(100)), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        JsonNode measurement = json.get("analysisRuns").get(0).get("metrics").get(0).get("measurements").get(0);
        assertThat(measurement.get("phase").asText()).isEqualTo("Successful");
        assertThat(measurement.get("value").asText()).isEqualTo("100");
        assertThat(measurement.get("message").asText()).startsWith("latency: Pass (p=").contains(">= 0.02")
                .contains("n=200/200");
        JsonNode verdict = measurement.get("judge").get("metrics").get(0);
        assertThat(verdict.get("pValue").asDouble()).isGreaterThanOrEqualTo(0.02);
        assertThat(verdict.get("lower").asDouble()).isNegative();
        assertThat(verdict.get("upper").asDouble()).isPositive();
    }

    @Test
    void aSideThatIsNeitherScriptedNorConfiguredIsBadInput() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", JUDGED_CANARY),
                "--metrics", cli.file("m.yaml", "metrics:\n  latency.baseline:\n    values: [[1, 2, 3]]\n"));

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("latency.canary").contains("Datadog is not configured")
                .doesNotContain("Exception");
    }

    @Test
    void aBadJudgeBlockIsReportedAtItsField() {
        CliRunner cli = new CliRunner(dir);
        String spec = JUDGED_CANARY.replace("direction: increase", "direction: up\n          tolerance: lots");
        CliRunner.Result result = cli.run("lint", cli.file("r.yaml", spec));

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err() + result.out()).contains("judge.direction: must be increase, decrease or either")
                .contains("judge.tolerance: must be a number");
    }
}
