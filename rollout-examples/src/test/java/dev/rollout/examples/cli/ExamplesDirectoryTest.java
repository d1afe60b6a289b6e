package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The specs and metric scripts in the repository's {@code examples/} do what README says. */
class ExamplesDirectoryTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    private CliRunner.Result run(String... args) {
        assertThat(Files.isDirectory(EXAMPLES)).as("run from rollout-examples").isTrue();
        return new CliRunner(dir).run(args);
    }

    private static String example(String relative) {
        return EXAMPLES.resolve(relative).toString();
    }

    @Test
    void theSpecsLint() {
        CliRunner.Result result = run("lint", example("specs"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("ok: 4 files, 6 AnalysisTemplate, 4 Rollout");
    }

    @Test
    void theCanaryIsPromotedOnGoodMetricsAndRolledBackOnBadOnes() {
        assertThat(run("simulate", "--rollout", example("specs/canary.yaml"), "--metrics",
                example("metrics/canary-good.yaml")).exitCode()).isZero();
        CliRunner.Result bad = run("simulate", "--rollout", example("specs/canary.yaml"),
                "--metrics", example("metrics/canary-bad.yaml"));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("last value 0.09 against default(result, 0) < 0.05");
    }

    @Test
    void theBlueGreenIsPromoted() {
        CliRunner.Result result = run("simulate", "--rollout", example("specs/bluegreen.yaml"),
                "--metrics", example("metrics/bluegreen.yaml"), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("activeRevision").asText()).isEqualTo("new");
    }

    @Test
    void theJudgedCanaryFailsAThreePercentSlowdownAndPassesAnUnchangedCanary() {
        CliRunner.Result slower = run("simulate", "--rollout", example("specs/judged-canary.yaml"),
                "--metrics", example("metrics/judged-slower.yaml"), "--json");
        CliRunner.Result same = run("simulate", "--rollout", example("specs/judged-canary.yaml"),
                "--metrics", example("metrics/judged-same.yaml"), "--json");

        assertThat(slower.exitCode()).as(slower.err()).isEqualTo(1);
        assertThat(slower.json().at("/analysisRuns/0/metrics/0/measurements/0/message").asText())
                .startsWith("latency: High (p=");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.json().at("/analysisRuns/0/metrics/0/measurements/0/judge/metrics/0/classification").asText())
                .isEqualTo("Pass");
    }

    @Test
    void theExperimentRunsBothSidesDuringTheJudgedStepAndJudgesTheCanaryAgainstTheBaseline() {
        CliRunner.Result slower = run("simulate", "--rollout", example("specs/experiment-canary.yaml"),
                "--metrics", example("metrics/judged-slower.yaml"), "--json");
        CliRunner.Result same = run("simulate", "--rollout", example("specs/experiment-canary.yaml"),
                "--metrics", example("metrics/judged-same.yaml"), "--json");

        assertThat(slower.exitCode()).as(slower.err()).isEqualTo(1);
        assertThat(slower.json().at("/message").asText()).contains("latency: High (p=");
        assertThat(slower.json().at("/experiments/0/state").asText()).isEqualTo("aborted");
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.json().at("/experiments/0/state").asText()).isEqualTo("completed");
        assertThat(same.json().at("/experiments/0/sides/0/revision").asText()).isEqualTo("1-baseline");
        assertThat(same.json().at("/experiments/0/sides/1/revision").asText()).isEqualTo("2-canary");
        assertThat(same.json().at("/history/1/sides").toString()).isEqualTo("[\"1-baseline\",\"2-canary\"]");
    }
}
