package dev.rollout.examples.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes example refuses bad arguments with exit 64 and one line, before any cluster call. */
class KubernetesCanaryExampleTest {
    @TempDir
    Path dir;

    private static String[] run(int[] code, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        code[0] = KubernetesCanaryExample.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void tooFewArgumentsExitWith64AndTheUsage() {
        int[] code = new int[1];
        String[] printed = run(code, "kubeconfig", "shop");

        assertThat(code[0]).isEqualTo(64);
        assertThat(printed[1]).isEqualTo("KubernetesCanaryExample: expected 4 or 5 arguments, got 2"
                + System.lineSeparator() + KubernetesCanaryExample.USAGE + System.lineSeparator());
        assertThat(printed[0]).isEmpty();
    }

    @Test
    void anUnreadableKubeconfigExitsWith64() {
        int[] code = new int[1];
        String missing = dir.resolve("no-such-kubeconfig").toString();
        String[] printed = run(code, missing, "shop", "web", "registry.example/web:2");

        assertThat(code[0]).isEqualTo(64);
        assertThat(printed[1]).startsWith("KubernetesCanaryExample: kubeconfig " + missing + " cannot be read")
                .doesNotContain("\tat ");
    }
}
