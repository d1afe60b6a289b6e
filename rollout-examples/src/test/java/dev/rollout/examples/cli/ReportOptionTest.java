package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --report FILE}: a bad path is refused before anything runs, with exit 64 and no trace. */
class ReportOptionTest {
    private static final String CANARY = Path.of("..", "examples", "specs", "canary.yaml").toString();
    private static final String METRICS = Path.of("..", "examples", "metrics", "canary-good.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryIsExit64NamingIt() {
        Path report = dir.resolve("no-such-dir/out.html");
        CliRunner.Result result = new CliRunner(dir).run("simulate", "--rollout", CANARY, "--metrics",
                METRICS, "--report", report.toString());
        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("--report " + report + ": directory " + dir.resolve("no-such-dir")
                + " does not exist").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).as("nothing ran").isEmpty();
    }

    @Test
    void aDirectoryIsExit64ForDeployToo() {
        CliRunner.Result result = new CliRunner(dir).run("deploy", "--config", "x.yaml", "--env", "e",
                "--revision", "1", "--report", dir.toString());
        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("--report " + dir + ": is a directory");
    }

    @Test
    void aGoodPathGetsTheReportAndTheTextSaysWhere() throws IOException {
        Path report = dir.resolve("out.html");
        CliRunner.Result result = new CliRunner(dir).run("simulate", "--rollout", CANARY, "--metrics",
                METRICS, "--report", report.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("report: " + report);
        assertThat(Files.readString(report)).contains("class=\"promoted-marker\"")
                .doesNotContain("class=\"abort-marker\"");
    }
}
