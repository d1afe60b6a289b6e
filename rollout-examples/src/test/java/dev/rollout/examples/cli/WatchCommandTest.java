package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --watch} and {@code deploy --watch} when standard output is not a terminal (as
 * in these tests): plain stamped lines, no escape sequence, and {@code --json} output unchanged.
 */
class WatchCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "conductor", "checkout");

    @TempDir
    Path dir;

    @Test
    void simulateWatchPrintsAPlainLinePerChangeAndTheResult() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", cli.file("m.yaml", Specs.GOOD_METRICS), "--watch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("\u001b")
                .startsWith("[    0.0s] simulate checkout (virtual time)\n")
                .contains("] embedded: step 0/6, weight 20%, replicas 2/8 (canary/stable), last -, Progressing\n")
                .contains("] embedded: step 1/6, weight 20%, replicas 2/8 (canary/stable), last -,"
                        + " Paused (CanaryPauseStep)\n")
                .contains("last success-rate=[0.97] Successful")
                .contains("] embedded: step 6/6, weight 100%")
                .contains("Healthy, analysis Successful\n")
                .contains("result: Healthy");
        // The view replaces the event timeline; it does not come on top of it.
        assertThat(result.out()).doesNotContain("PROMOTED");
    }

    @Test
    void simulateWatchOfAFailingCanaryEndsDegradedWithTheFailedMeasurement() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("simulate", "--rollout", cli.file("r.yaml", Specs.CANARY),
                "--metrics", cli.file("m.yaml", Specs.BAD_METRICS), "--watch", "--no-color");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).doesNotContain("\u001b")
                .contains("] embedded: step 3/6, weight 0%, replicas 0/10 (canary/stable), last success-rate=[0.9]"
                        + " Failed, Degraded (aborted), analysis Failed\n");
    }

    @Test
    void withJsonTheWatchGoesToStandardErrorAndTheJsonIsUnchanged() {
        CliRunner cli = new CliRunner(dir);
        String rollout = cli.file("r.yaml", Specs.CANARY);
        String metrics = cli.file("m.yaml", Specs.GOOD_METRICS);
        CliRunner.Result plain = cli.run("simulate", "--rollout", rollout, "--metrics", metrics, "--json");
        CliRunner.Result watched = cli.run("simulate", "--rollout", rollout, "--metrics", metrics,
                "--json", "--watch");

        assertThat(watched.exitCode()).isZero();
        assertThat(watched.out()).isEqualTo(plain.out());
        assertThat(watched.json().get("phase").asText()).isEqualTo("Healthy");
        assertThat(watched.err()).contains("] embedded: step 6/6, weight 100%").doesNotContain("\u001b");
    }

    @Test
    void deployWatchShowsEveryClusterOfTheEnvironmentFromPendingToHealthy() throws IOException {
        copyExample();
        Path service = dir.resolve("checkout/service.yaml");
        String metrics = dir.resolve("checkout/metrics-good.yaml").toString();
        String state = dir.resolve("state").toString();
        CliRunner cli = new CliRunner(dir);
        assertThat(cli.run("deploy", "--config", service.toString(), "--env", "staging", "--revision",
                "1.0.0", "--first-deploy", "--state-dir", state, "--metrics", metrics).exitCode()).isZero();

        CliRunner.Result result = cli.run("deploy", "--config", service.toString(), "--env", "staging",
                "--revision", "1.1.0", "--state-dir", state, "--metrics", metrics, "--watch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("\u001b")
                .contains("] deploy checkout 1.1.0 to staging  Started\n")
                .contains("] staging-eu: step -, weight 0%, replicas 0/0 (canary/stable), last -, Pending\n")
                .contains("] staging-eu: step 0/")
                .contains("] deploy checkout 1.1.0 to staging  Finished\n")
                .contains("result: Deployed");
        String last = result.out().lines().filter(l -> l.contains("] staging-eu: ")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(last).contains("step 5/5, weight 100%").endsWith("Healthy, analysis Successful");
        // The plain deploy event lines are replaced by the view.
        assertThat(result.out()).doesNotContain("ClusterStarted");
    }

    @Test
    void deployJsonWithWatchKeepsStandardOutputJson() throws IOException {
        copyExample();
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("deploy", "--config", dir.resolve("checkout/service.yaml")
                .toString(), "--env", "staging", "--revision", "1.0.0", "--first-deploy", "--metrics",
                dir.resolve("checkout/metrics-good.yaml").toString(), "--json", "--watch");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("result").asText()).isEqualTo("Deployed");
        assertThat(result.err()).contains("] staging-eu: ").contains("Healthy");
    }

    private void copyExample() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve("checkout").resolve(EXAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }
}
