package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code simulate} contract: exit codes and {@code --json} fields that CI pipelines read. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner(dir);
    }

    @Test
    void healthyCanaryReportsEveryStepInVirtualTime() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", cli.file("m.yaml", Specs.GOOD_METRICS), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        assertThat(json.get("aborted").asBoolean()).isFalse();
        assertThat(json.get("stepCount").asInt()).isEqualTo(6);
        assertThat(json.get("currentStepIndex").asInt()).isEqualTo(6);
        assertThat(json.get("canaryWeight").asInt()).isEqualTo(100);
        assertThat(json.get("activeRevision").isNull()).isTrue();

        JsonNode history = json.get("history");
        assertThat(history).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(history.get(i).get("step").asInt()).isEqualTo(i);
        }
        assertThat(history.get(0).get("type").asText()).isEqualTo("setWeight");
        assertThat(history.get(0).get("canaryWeight").asInt()).isEqualTo(20);
        assertThat(history.get(0).get("canaryReplicas").asInt()).isEqualTo(2);
        assertThat(history.get(0).get("stableReplicas").asInt()).isEqualTo(8);
        assertThat(history.get(1).get("type").asText()).isEqualTo("pause");
        // A one-hour pause ends at once in real time, an hour later in virtual time.
        assertThat(history.get(1).get("at").asDouble()).isEqualTo(3600.0);
        assertThat(history.get(3).get("type").asText()).isEqualTo("analysis");
        assertThat(history.get(4).get("canaryWeight").asInt()).isEqualTo(80);
        assertThat(history.get(4).get("canaryReplicas").asInt()).isEqualTo(8);
        assertThat(json.get("virtualSeconds").asDouble()).isGreaterThanOrEqualTo(3600 + 120 + 30);

        JsonNode runs = json.get("analysisRuns");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("phase").asText()).isEqualTo("Successful");
        JsonNode metric = runs.get(0).get("metrics").get(0);
        assertThat(metric.get("name").asText()).isEqualTo("success-rate");
        assertThat(metric.get("phase").asText()).isEqualTo("Successful");
        assertThat(metric.get("measurements")).extracting(m -> m.get("value").asText())
                .containsExactly("[0.99]", "[0.97]", "[0.98]");
        assertThat(metric.get("measurements")).extracting(m -> m.get("phase").asText())
                .containsOnly("Successful");
    }

    @Test
    void failingAnalysisAbortsTheCanaryWithExitOne() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", cli.file("m.yaml", Specs.BAD_METRICS), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Degraded");
        assertThat(json.get("aborted").asBoolean()).isTrue();
        assertThat(json.get("message").asText()).contains("Rollout aborted update to revision 2")
                .contains("success-rate");
        assertThat(json.get("canaryWeight").asInt()).isZero();
        assertThat(json.get("canaryReplicas").asInt()).isZero();
        assertThat(json.get("stableReplicas").asInt()).isEqualTo(10);
        assertThat(json.get("currentStepIndex").asInt()).isEqualTo(3);
        JsonNode metric = json.get("analysisRuns").get(0).get("metrics").get(0);
        assertThat(metric.get("phase").asText()).isEqualTo("Failed");
        assertThat(metric.get("measurements")).extracting(m -> m.get("phase").asText())
                .containsExactly("Successful", "Failed", "Failed");
    }

    @Test
    void indefinitePauseEndsTheSimulationWithExitTwo() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout",
                cli.file("r.yaml", Specs.CANARY_INDEFINITE_PAUSE), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(json.get("currentStepIndex").asInt()).isEqualTo(1);
        assertThat(json.get("canaryWeight").asInt()).isEqualTo(25);
        assertThat(json.get("canaryReplicas").asInt()).isEqualTo(1);
        assertThat(json.get("stableReplicas").asInt()).isEqualTo(3);
        assertThat(json.get("history")).hasSize(1);
        assertThat(json.get("pauseConditions").get(0).asText()).isEqualTo("CanaryPauseStep");
    }

    @Test
    void blueGreenSwitchesActiveToTheNewRevisionAfterPrePromotionAnalysis() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout",
                cli.file("r.yaml", Specs.BLUE_GREEN), "--metrics",
                cli.file("m.yaml", Specs.GOOD_SMOKE), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Healthy");
        assertThat(json.get("activeRevision").asText()).isEqualTo("new");
        assertThat(json.get("previewRevision").asText()).isEqualTo("new");
        assertThat(json.get("stableReplicas").asInt()).isEqualTo(3);
        JsonNode run = json.get("analysisRuns").get(0);
        assertThat(run.get("phase").asText()).isEqualTo("Successful");
        assertThat(run.get("metrics").get(0).get("name").asText()).isEqualTo("smoke");
        // The old side stays up for scaleDownDelaySeconds after the switch.
        assertThat(json.get("virtualSeconds").asDouble()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void blueGreenFailedPrePromotionKeepsActiveOnStable() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout",
                cli.file("r.yaml", Specs.BLUE_GREEN), "--metrics",
                cli.file("m.yaml", Specs.BAD_SMOKE), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Degraded");
        assertThat(json.get("aborted").asBoolean()).isTrue();
        assertThat(json.get("activeRevision").asText()).isEqualTo("stable");
        assertThat(json.get("analysisRuns").get(0).get("phase").asText()).isEqualTo("Failed");
    }

    @Test
    void blueGreenWithoutAutoPromotionWaitsForAPerson() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout",
                cli.file("r.yaml", Specs.BLUE_GREEN_MANUAL), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        JsonNode json = result.json();
        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(json.get("activeRevision").asText()).isEqualTo("stable");
        assertThat(json.get("previewRevision").asText()).isEqualTo("new");
        assertThat(json.get("pauseConditions").get(0).asText()).isEqualTo("BlueGreenPause");
    }

    @Test
    void withoutJsonPrintsATimelineAndTheResult() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", cli.file("m.yaml", Specs.BAD_METRICS));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(" 20%  canary 2  stable 8")
                .contains("measure  metric \"success-rate\"")
                .contains("ABORT")
                .contains("result: Degraded (aborted)");
    }

    @Test
    void badInputIsExitSixtyFourNamingFileAndField() {
        CliRunner cli = cli();
        String metrics = cli.file("m.yaml", "metrics:\n  success-rate:\n    valuez: [1]\n");
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", metrics);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains(metrics + ":3").contains("valuez");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void rolloutFileMustHoldExactlyOneRollout() {
        CliRunner cli = cli();
        String twice = cli.file("r.yaml", Specs.CANARY_INDEFINITE_PAUSE + "---\n"
                + Specs.CANARY_INDEFINITE_PAUSE.replace("name: checkout", "name: other"));
        CliRunner.Result result = cli.run("simulate", "--rollout", twice);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains(twice).contains("exactly one Rollout in the --rollout file, found 2");
    }

    @Test
    void usageErrorsAreExitSixtyFour() {
        CliRunner cli = cli();
        assertThat(cli.run().exitCode()).isEqualTo(64);
        assertThat(cli.run("launch").err()).contains("unknown command 'launch'");
        assertThat(cli.run("simulate").err()).contains("simulate needs --rollout FILE");
        assertThat(cli.run("simulate", "--rollout", "x.yaml", "--colour").err())
                .contains("unknown option --colour");
        assertThat(cli.run("simulate", "--rollout").exitCode()).isEqualTo(64);
    }

    @Test
    void aMetricNoProviderCanMeasureIsBadInputNotARollback() {
        CliRunner cli = cli();
        // newRelic is an Argo provider this tool has no client for (prometheus now has one).
        String spec = cli.file("r.yaml", Specs.CANARY.replace("web:", "newRelic:")
                .replace("url: http://127.0.0.1:1/never-called", "profile: default")
                .replace("jsonPath: \"{$.data}\"", "query: SELECT count(*) FROM Transaction"));
        CliRunner.Result result = cli.run("simulate", "--rollout", spec);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains(spec + ":")
                .contains("spec.metrics[0].provider.newRelic")
                .contains("metric \"success-rate\"")
                .contains("script it in the --metrics file");
    }

    @Test
    void aScriptedMetricTheRolloutNeverMeasuresIsATypo() {
        CliRunner cli = cli();
        String metrics = cli.file("m.yaml", "metrics:\n  sucess-rate:\n    values: [[0.99]]\n");
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", metrics);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains(metrics + ": metrics.sucess-rate:")
                .contains("measured: success-rate");
    }

    @Test
    void backgroundAnalysisKeepsMeasuringDuringAnIndefinitePause() {
        CliRunner cli = cli();
        String spec = cli.file("r.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: w}
                spec:
                  replicas: 4
                  strategy:
                    canary:
                      analysis:
                        templates: [{templateName: bg}]
                      steps:
                      - setWeight: 25
                      - pause: {}
                      - setWeight: 50
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: bg}
                spec:
                  metrics:
                  - name: err
                    interval: 1m
                    successCondition: result < 0.1
                    provider:
                      web: {url: "http://127.0.0.1:1/x"}
                """);
        CliRunner.Result failing = cli.run("simulate", "--rollout", spec, "--metrics",
                cli.file("bad.yaml", "metrics: {err: {values: [0.01, 0.01, 0.5]}}"), "--json");
        assertThat(failing.exitCode()).as(failing.err()).isEqualTo(1);
        assertThat(failing.json().get("virtualSeconds").asDouble()).isEqualTo(120.0);

        CliRunner.Result holding = cli.run("simulate", "--rollout", spec, "--metrics",
                cli.file("good.yaml", "metrics: {err: {values: [0.01, 0.02]}}"), "--json");
        assertThat(holding.exitCode()).as(holding.err()).isEqualTo(2);
        assertThat(holding.json().get("phase").asText()).isEqualTo("Paused");
    }

    @Test
    void aSimulationThatNeverSettlesExitsThreeAndSaysSo() {
        CliRunner cli = cli();
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", cli.file("m.yaml", Specs.GOOD_METRICS), "--max-virtual-time", "30m",
                "--json");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.json().get("stoppedAtLimit").asBoolean()).isTrue();
        assertThat(result.json().get("phase").asText()).isIn("Progressing", "Paused");
        assertThat(result.err()).contains("did not settle within 30m");
    }
}
