package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.report.TimelineRecorder;
import dev.rollout.core.report.TimelineReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --report} HTML timeline opened in a real headless Chromium: it loads without a
 * console error or uncaught exception, shows the abort at the step the canary aborted with its
 * reason, one point per measurement taken, and nothing recorded can run as script. Screenshots go
 * to {@code target/report-screenshots/}.
 */
class TimelineReportBrowserTest {
    static final Path ARTIFACTS = Path.of("target", "report-screenshots");
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void anAbortedSimulationShowsTheAbortAtItsStepWithItsReasonAndEveryMeasurement() throws IOException {
        Path report = dir.resolve("simulate.html");
        CliRunner.Result result = new CliRunner(dir).run("simulate",
                "--rollout", EXAMPLES.resolve("specs/canary.yaml").toString(),
                "--metrics", EXAMPLES.resolve("metrics/canary-bad.yaml").toString(),
                "--json", "--report", report.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("aborted").asBoolean()).isTrue();
        int measurements = 0;
        for (JsonNode run : json.get("analysisRuns")) {
            for (JsonNode metric : run.get("metrics")) {
                measurements += metric.get("count").asInt() + metric.get("error").asInt();
            }
        }
        assertThat(measurements).isGreaterThanOrEqualTo(2);

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(report);
            assertThat(browser.eval("document.querySelectorAll('.abort-marker').length").asInt())
                    .isEqualTo(1);
            assertThat(browser.eval("document.querySelector('.abort-marker').dataset.step").asText())
                    .isEqualTo(json.get("currentStepIndex").asText());
            assertThat(browser.eval("document.querySelector('.abort-reason').textContent").asText())
                    .contains("Aborted at step " + json.get("currentStepIndex").asInt())
                    .contains("error-rate");
            assertThat(browser.eval("document.querySelectorAll('.m-point').length").asInt())
                    .isEqualTo(measurements);
            assertThat(browser.eval("Array.from(document.querySelectorAll("
                    + "'svg.metric[data-metric=\"error-rate\"] .threshold')).map(t => t.dataset.kind"
                    + " + ' ' + t.dataset.value).join()").asText()).isEqualTo("Success 0.05");
            assertThat(browser.eval("document.querySelectorAll('.m-point.phase-Failed').length").asInt())
                    .isEqualTo(2);
            assertThat(browser.eval("document.querySelectorAll('svg.traffic path.weight').length").asInt())
                    .isEqualTo(1);
            browser.screenshot(ARTIFACTS.resolve("simulate-aborted.png"));
            assertThat(browser.problems()).as("console errors and uncaught exceptions").isEmpty();
        }
        assertThat(Files.size(ARTIFACTS.resolve("simulate-aborted.png"))).isGreaterThan(10_000);
    }

    @Test
    void untrustedNamesAndMessagesAreShownAsTextAndNeverRun() throws IOException {
        String hostile = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">"
                + "'\"&amp;";
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        TimelineRecorder recorder = new TimelineRecorder();
        String id = "shop/" + hostile;
        recorder.onEvent(new RolloutEvent.Started(id, "2", t0, hostile));
        recorder.onEvent(new RolloutEvent.StepStarted(id, "2", t0, 0, hostile, hostile));
        recorder.onEvent(new RolloutEvent.WeightChanged(id, "2", t0, 20, 1, 4, hostile));
        recorder.onEvent(new RolloutEvent.AnalysisMeasured(id, "2", t0.plusSeconds(60), hostile, hostile,
                new Measurement(AnalysisPhase.Failed, Optional.of(hostile), hostile, t0, Optional.of(t0)),
                hostile));
        recorder.onEvent(new RolloutEvent.AnalysisPhaseChanged(id, "2", t0.plusSeconds(60), hostile,
                "", AnalysisPhase.Failed, hostile));
        recorder.onEvent(new RolloutEvent.Aborted(id, "2", t0.plusSeconds(61), hostile));
        recorder.onEvent(new DeployEvent(DeployEvent.Type.ClusterStarted, hostile, hostile, hostile,
                hostile, hostile, 0, hostile, t0));
        recorder.onEvent(new DeployEvent(DeployEvent.Type.GateStarted, hostile, hostile, hostile,
                hostile, null, 0, hostile, t0.plusSeconds(30)));
        Path report = dir.resolve("hostile.html");
        TimelineReport.builder().title(hostile).build().write(recorder.entries(), report);

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(report);
            assertThat(browser.eval("typeof window.__pwned").asText()).isEqualTo("undefined");
            assertThat(browser.eval("document.scripts.length").asInt()).as("only the report's own script")
                    .isEqualTo(1);
            assertThat(browser.eval("document.images.length + document.querySelectorAll('img').length")
                    .asInt()).isZero();
            assertThat(browser.eval("document.title").asText()).isEqualTo(hostile);
            assertThat(browser.eval("document.querySelector('.abort-reason').textContent").asText())
                    .contains(hostile);
            assertThat(browser.eval("document.querySelector('.abort-marker').dataset.reason").asText())
                    .isEqualTo(hostile);
            assertThat(browser.eval("document.querySelector('.m-point').dataset.metric").asText())
                    .isEqualTo(hostile);
            assertThat(browser.eval("document.querySelector('.bar.cluster').dataset.name").asText())
                    .isEqualTo(hostile);
            browser.screenshot(ARTIFACTS.resolve("hostile.png"));
            assertThat(browser.problems()).as("console errors and uncaught exceptions").isEmpty();
        }
    }

    @Test
    void aDeployShowsItsWavesGatesAndTheClusterThatAborted() throws IOException {
        Path service = copyConductorExample();
        String state = dir.resolve("state").toString();
        String good = service.resolveSibling("metrics-good.yaml").toString();
        for (String env : List.of("staging", "production")) {
            CliRunner.Result first = deploy(service, state, env, "1.0.0", good, "--first-deploy");
            if (first.exitCode() == 2) {
                first = new CliRunner(dir).run("approve", "--config", service.toString(), "--env", env,
                        "--state-dir", state, "--metrics", good, "--json");
            }
            assertThat(first.exitCode()).as(first.err()).isZero();
        }
        assertThat(deploy(service, state, "staging", "1.1.0", good).exitCode()).isZero();
        Path report = dir.resolve("deploy.html");
        CliRunner.Result result = deploy(service, state, "production", "1.1.0",
                service.resolveSibling("metrics-bad-eu-west.yaml").toString(), "--report", report.toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(report);
            assertThat(browser.eval("Array.from(document.querySelectorAll('.bar.cluster')).map(b =>"
                    + " b.dataset.wave + ':' + b.dataset.name + ':' + b.dataset.outcome).join()").asText())
                    .isEqualTo("0:us-east:ClusterHealthy,1:eu-west:ClusterFailed,1:ap-south:Stopped");
            assertThat(browser.eval("Array.from(document.querySelectorAll('.bar.gate')).map(b =>"
                    + " b.dataset.wave + ':' + b.dataset.outcome + ':' + b.querySelector('text').textContent)"
                    + ".join()").asText())
                    .isEqualTo("0:GatePassed:gate: soak PT10M, analysis [error-rate]");
            assertThat(browser.eval("Array.from(document.querySelectorAll('section.lane')).map(s =>"
                    + " s.dataset.lane + '=' + s.querySelectorAll('.abort-marker').length).join()").asText())
                    .isEqualTo("us-east (production)=0,eu-west (production)=1,ap-south (production)=1");
            // The halt aborts ap-south, still rolling out in parallel, for eu-west's failure.
            assertThat(browser.eval("document.querySelector('.bar.cluster[data-name=\"ap-south\"] title')"
                    + ".textContent").asText()).contains("still open when the deploy finished: Failed");
            assertThat(browser.eval("document.querySelector('section[data-lane^=\"eu-west\"] .abort-reason')"
                    + ".textContent").asText()).contains("success-rate");
            browser.screenshot(ARTIFACTS.resolve("deploy-halted.png"));
            assertThat(browser.problems()).as("console errors and uncaught exceptions").isEmpty();
        }
    }

    private CliRunner.Result deploy(Path service, String state, String env, String revision, String metrics,
            String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--config", service.toString(), "--env", env,
                "--revision", revision, "--state-dir", state, "--metrics", metrics, "--json"));
        args.addAll(List.of(extra));
        return new CliRunner(dir).run(args.toArray(String[]::new));
    }

    private Path copyConductorExample() throws IOException {
        Path from = EXAMPLES.resolve("conductor/checkout");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path to = dir.resolve("checkout").resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return dir.resolve("checkout/service.yaml");
    }
}
