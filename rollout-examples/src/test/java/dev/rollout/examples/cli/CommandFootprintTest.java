package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline commands keep their footprint: {@code lint} and {@code simulate} (with
 * {@code --watch}) never load the Kubernetes client, which only {@code run} and a deploy to real
 * clusters need. Checked in a fresh JVM with {@code -verbose:class}.
 */
class CommandFootprintTest {
    @TempDir
    Path dir;

    private static String loadedClasses(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-verbose:class",
                "-cp", System.getProperty("java.class.path"), RolloutCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    @Test
    void lintAndSimulateNeverLoadTheKubernetesClient() throws Exception {
        CliRunner cli = new CliRunner(dir);
        String rollout = cli.file("r.yaml", Specs.CANARY);
        String metrics = cli.file("m.yaml", Specs.GOOD_METRICS);

        String lint = loadedClasses("lint", rollout);
        String simulate = loadedClasses("simulate", "--rollout", rollout, "--metrics", metrics, "--watch");

        assertThat(lint).contains(RolloutCommand.class.getName()).doesNotContain("io.kubernetes.")
                .doesNotContain(RunCommand.class.getName());
        assertThat(simulate).contains(WatchBoard.class.getName()).doesNotContain("io.kubernetes.")
                .doesNotContain(RunCommand.class.getName()).doesNotContain("dev.rollout.k8s.");
    }
}
