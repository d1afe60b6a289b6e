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

/** A judged {@code experiment} step through {@code rollout simulate --json}: both sides and the verdict. */
class ExperimentSimulateTest {
    static final String SPEC = """
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
                    - experiment:
                        templates:
                          - {name: baseline, specRef: stable, replicas: 2}
                          - {name: canary, specRef: canary, replicas: 2}
                        analyses:
                          - name: judge
                            templateName: latency-judge
                            args:
                              - {name: canary, value: "{{templates.canary.revision}}"}
                              - {name: baseline, value: "{{templates.baseline.podTemplateHash}}"}
                    - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: latency-judge
            spec:
              args:
                - name: baseline
                - name: canary
              metrics:
                - name: latency
                  provider:
                    judge:
                      direction: increase
                      unit: ms
                      baseline:
                        datadog:
                          query: "avg:trace.http.request.duration{service:checkout,version:{{args.baseline}}}"
                      canary:
                        datadog:
                          query: "avg:trace.http.request.duration{service:checkout,version:{{args.canary}}}"
            """;

    @TempDir
    Path dir;

    private static String series(long seed, double mean) {
        Random random = new Random(seed);
        return DoubleStream.generate(() -> mean + 3 * random.nextGaussian()).limit(200)
                .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(", ", "[", "]"));
    }

    private CliRunner.Result simulate(double canaryMean) {
        CliRunner cli = new CliRunner(dir);
        String metrics = "metrics:\n"
                + "  latency.baseline:\n    values: [" + series(1, 100) + "]\n"
                + "  latency.canary:\n    values: [" + series(2, canaryMean) + "]\n";
        return cli.run("simulate", "--rollout", cli.file("r.yaml", SPEC), "--metrics", cli.file("m.yaml", metrics),
                "--json");
    }

    @Test
    void anUnchangedCanaryPassesAndTheHistoryShowsBothSides() {
        CliRunner.Result result = simulate(100);

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        JsonNode experiment = json.get("experiments").get(0);
        assertThat(experiment.get("step").asInt()).isEqualTo(1);
        assertThat(experiment.get("state").asText()).isEqualTo("completed");
        assertThat(experiment.get("durationSeconds").isNull()).isTrue();
        assertThat(experiment.get("sides").findValuesAsText("revision")).containsExactly("1-baseline", "2-canary");
        assertThat(experiment.get("sides").findValuesAsText("specRef")).containsExactly("stable", "canary");
        assertThat(json.get("history").get(1).get("type").asText()).isEqualTo("experiment");
        assertThat(json.get("history").get(1).get("sides").toString()).isEqualTo("[\"1-baseline\",\"2-canary\"]");
        // Canary and stable counts never include the sides.
        assertThat(json.get("history").get(1).get("canaryReplicas").asInt()).isEqualTo(2);
        assertThat(json.get("history").get(1).get("stableReplicas").asInt()).isEqualTo(8);
        JsonNode measurement = json.get("analysisRuns").get(0).get("metrics").get(0).get("measurements").get(0);
        assertThat(measurement.get("message").asText()).startsWith("latency: Pass (p=").contains("n=200/200");
    }

    @Test
    void aThreePercentSlowerCanaryAbortsWithThePValueAndInterval() {
        CliRunner.Result result = simulate(103);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Degraded");
        assertThat(json.get("message").asText()).matches(
                ".*latency: High \\(p=[0-9.e-]+ < 0\\.02, shift \\+[0-9.]+ ms \\[[0-9.]+, [0-9.]+\\].*");
        assertThat(json.get("experiments").get(0).get("state").asText()).isEqualTo("aborted");
        JsonNode verdict = json.get("analysisRuns").get(0).get("metrics").get(0).get("measurements").get(0)
                .get("judge").get("metrics").get(0);
        assertThat(verdict.get("pValue").asDouble()).isLessThan(0.02);
        assertThat(verdict.get("lower").asDouble()).isPositive();
    }
}
