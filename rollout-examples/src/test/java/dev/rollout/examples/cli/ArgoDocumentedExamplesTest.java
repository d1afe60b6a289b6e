package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argo Rollouts' documented analysis examples (written out under {@code argo-docs/}), simulated
 * with scripted metrics: each reaches the phase Argo would reach.
 */
class ArgoDocumentedExamplesTest {
    @TempDir
    Path dir;

    private CliRunner.Result simulate(String example, String metrics) {
        CliRunner cli = new CliRunner(dir);
        String rollout = cli.file(example, resource("/argo-docs/" + example));
        String script = cli.file("metrics.yaml", metrics);
        return cli.run("simulate", "--rollout", rollout, "--metrics", script, "--json");
    }

    private static String resource(String name) {
        try (InputStream in = ArgoDocumentedExamplesTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode metric(JsonNode json, int run, String name) {
        for (JsonNode metric : json.get("analysisRuns").get(run).get("metrics")) {
            if (metric.get("name").asText().equals(name)) {
                return metric;
            }
        }
        throw new AssertionError("no metric " + name + " in run " + run + ": " + json);
    }

    @Test
    void backgroundAnalysisThatHoldsIsTerminatedSuccessfulWhenStepsComplete() {
        CliRunner.Result result = simulate("background-analysis.yaml",
                "metrics: {success-rate: {values: [[0.99], [0.97]]}}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        assertThat(json.get("virtualSeconds").asDouble()).isEqualTo(40 * 60.0);
        JsonNode run = json.get("analysisRuns").get(0);
        assertThat(run.get("phase").asText()).isEqualTo("Successful");
        // Started at step 2 (10m), every 5m until the steps completed at 40m.
        assertThat(metric(json, 0, "success-rate").get("count").asInt()).isBetween(6, 7);
    }

    @Test
    void backgroundAnalysisAbortsOnTheFourthFailure() {
        CliRunner.Result result = simulate("background-analysis.yaml",
                "metrics: {success-rate: {values: [[0.80]]}}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Degraded");
        assertThat(json.get("aborted").asBoolean()).isTrue();
        // failureLimit 3: failures at 10m, 15m, 20m, 25m; the fourth fails the run.
        assertThat(json.get("virtualSeconds").asDouble()).isEqualTo(25 * 60.0);
        assertThat(json.get("currentStepIndex").asInt()).isEqualTo(5);
        JsonNode metric = metric(json, 0, "success-rate");
        assertThat(metric.get("phase").asText()).isEqualTo("Failed");
        assertThat(metric.get("failed").asInt()).isEqualTo(4);
        assertThat(json.get("message").asText()).contains("failed (4) > failureLimit (3)");
    }

    @Test
    void inlineAnalysisBlocksTheCanaryAndPromotesWhenSuccessful() {
        CliRunner.Result result = simulate("inline-analysis.yaml",
                "metrics: {success-rate: {values: [[0.99], [0.90], [0.98]]}}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        JsonNode metric = metric(json, 0, "success-rate");
        assertThat(metric.get("phase").asText()).isEqualTo("Successful");
        assertThat(metric.get("count").asInt()).isEqualTo(5);
        assertThat(metric.get("failed").asInt()).isEqualTo(1);
        JsonNode analysisStep = json.get("history").get(2);
        assertThat(analysisStep.get("type").asText()).isEqualTo("analysis");
        // 5m pause, then 5 measurements a minute apart.
        assertThat(analysisStep.get("at").asDouble()).isEqualTo(5 * 60.0 + 4 * 60.0);
    }

    @Test
    void inlineAnalysisOverItsFailureLimitAborts() {
        CliRunner.Result result = simulate("inline-analysis.yaml",
                "metrics: {success-rate: {values: [[0.99], [0.5], [0.6], [0.7]]}}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("aborted").asBoolean()).isTrue();
        assertThat(json.get("currentStepIndex").asInt()).isEqualTo(2);
        assertThat(metric(json, 0, "success-rate").get("failed").asInt()).isEqualTo(3);
        assertThat(json.get("canaryWeight").asInt()).isZero();
    }

    @Test
    void blueGreenPromotesAfterSmokeTestsAndKeepsItAfterPostPromotionAnalysis() {
        CliRunner.Result result = simulate("bluegreen-analysis.yaml",
                "metrics: {smoke-tests: {values: [true]}, success-rate: {values: [[0.99]]}}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        assertThat(json.get("activeRevision").asText()).isEqualTo("new");
        assertThat(json.get("analysisRuns")).hasSize(2);
        assertThat(json.get("analysisRuns").get(0).get("phase").asText()).isEqualTo("Successful");
        assertThat(json.get("analysisRuns").get(1).get("phase").asText()).isEqualTo("Successful");
    }

    @Test
    void blueGreenFailedSmokeTestsNeverSwitchActive() {
        CliRunner.Result result = simulate("bluegreen-analysis.yaml",
                "metrics: {smoke-tests: {values: [false]}, success-rate: {values: [[0.99]]}}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("activeRevision").asText()).isEqualTo("stable");
        assertThat(json.get("analysisRuns")).hasSize(1);
        assertThat(json.get("analysisRuns").get(0).get("phase").asText()).isEqualTo("Failed");
    }

    @Test
    void blueGreenFailedPostPromotionAnalysisSwitchesBack() {
        CliRunner.Result result = simulate("bluegreen-analysis.yaml",
                "metrics: {smoke-tests: {values: [true]}, success-rate: {values: [[0.99], [0.5]]}}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("aborted").asBoolean()).isTrue();
        assertThat(json.get("activeRevision").asText()).isEqualTo("stable");
        assertThat(json.get("analysisRuns").get(1).get("phase").asText()).isEqualTo("Failed");
    }

    @Test
    void aValueBetweenSuccessAndFailureIsInconclusiveAndWaitsForAPerson() {
        CliRunner.Result result = simulate("inconclusive.yaml",
                "metrics: {success-rate: {values: [[0.7]]}}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(json.get("pauseConditions").get(0).asText()).isEqualTo("InconclusiveAnalysisRun");
        assertThat(json.get("analysisRuns").get(0).get("phase").asText()).isEqualTo("Inconclusive");
    }

    @Test
    void consecutiveProviderErrorsPastTheLimitAbort() {
        CliRunner.Result result = simulate("inconclusive.yaml",
                "metrics: {success-rate: {values: [{error: \"connection refused\"}]}}");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        JsonNode metric = metric(json, 0, "success-rate");
        assertThat(metric.get("phase").asText()).isEqualTo("Error");
        // consecutiveErrorLimit 4: the fifth error in a row decides, each retried after 10 s.
        assertThat(metric.get("error").asInt()).isEqualTo(5);
        assertThat(json.get("virtualSeconds").asDouble()).isEqualTo(40.0);
        assertThat(metric.get("measurements").get(0).get("message").asText())
                .contains("connection refused");
    }

    @Test
    void aFailingDryRunMetricIsReportedButDoesNotFailTheRun() {
        CliRunner.Result result = simulate("dry-run.yaml",
                "metrics: {total-5xx-errors: {values: [[42]]}, success-rate: {values: [[0.99]]}}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        JsonNode dryRun = metric(json, 0, "total-5xx-errors");
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("phase").asText()).isEqualTo("Failed");
        assertThat(json.get("analysisRuns").get(0).get("phase").asText()).isEqualTo("Successful");
    }
}
