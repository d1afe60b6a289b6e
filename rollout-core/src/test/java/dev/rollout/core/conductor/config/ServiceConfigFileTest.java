package dev.rollout.core.conductor.config;

import static dev.rollout.core.conductor.config.ServiceConfigLoaderTest.EXAMPLE;
import static dev.rollout.core.conductor.config.ServiceConfigLoaderTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link ServiceConfigLoader#load(Path)} does with files that are not YAML text. */
class ServiceConfigFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void chartAndRollout() throws Exception {
        Files.createDirectories(dir.resolve("chart"));
        Files.writeString(dir.resolve("rollout.yaml"), "kind: Rollout\n");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.yaml");

        assertThat(problemsOf(() -> ServiceConfigLoader.load(file)))
                .containsExactly(file + ": (document): file not found");
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertThat(problemsOf(() -> ServiceConfigLoader.load(dir.resolve("chart"))))
                .containsExactly(dir.resolve("chart") + ": (document): is a directory, not a file");
    }

    @Test
    void anEmptyFileIsAnError() throws Exception {
        Path file = Files.writeString(dir.resolve("service.yaml"), "\n\n");

        assertThat(problemsOf(() -> ServiceConfigLoader.load(file))).containsExactly(file
                + ": (document): holds no YAML document; a service config needs apiVersion, kind,"
                + " metadata and spec");
    }

    @Test
    void aFileThatIsNotUtf8IsAnError() throws Exception {
        Path file = Files.write(dir.resolve("service.yaml"),
                "kind: Servic\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(problemsOf(() -> ServiceConfigLoader.load(file))).containsExactly(file
                + ": (document): file is not valid UTF-8 text (is it a binary file?)");
    }

    @Test
    void aBinaryFileIsAnErrorEvenWhenItIsValidUtf8() throws Exception {
        Path file = Files.write(dir.resolve("service.yaml"), new byte[] {'k', 'i', 0, 0, 1, 2});

        assertThat(problemsOf(() -> ServiceConfigLoader.load(file))).containsExactly(file
                + ": (document): file is binary (it holds NUL bytes), not YAML text");
    }

    @Test
    void aFileOverTheSizeLimitIsNotRead() throws Exception {
        byte[] big = new byte[ServiceConfigLoader.MAX_FILE_BYTES + 1];
        java.util.Arrays.fill(big, (byte) '#');
        Path file = Files.write(dir.resolve("service.yaml"), big);

        assertThat(problemsOf(() -> ServiceConfigLoader.load(file))).containsExactly(file
                + ": (document): file is too large: 1048577 bytes, at most 1048576 are read");
        assertThat(problemsOf(() -> ServiceConfigLoader.parse("s.yaml", new String(big,
                StandardCharsets.US_ASCII), dir))).containsExactly(
                "s.yaml: (document): file is too large: 1048577 bytes, at most 1048576 are read");
    }

    @Test
    void aByteOrderMarkIsNotContent() throws Exception {
        Path file = Files.writeString(dir.resolve("service.yaml"), "\uFEFF" + EXAMPLE);

        assertThat(ServiceConfigLoader.load(file).name()).isEqualTo("checkout");
    }

    @Test
    void aRelativePathNamesTheFileAsGivenAndResolvesAgainstItsDirectory() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("svc"));
        Files.writeString(sub.resolve("service.yaml"), EXAMPLE.replace("chart: chart",
                "chart: ../chart").replace("rollout: rollout.yaml", "rollout: ../missing.yaml"));
        Path relative = Path.of("").toAbsolutePath().relativize(sub.resolve("service.yaml"));

        assertThat(problemsOf(() -> ServiceConfigLoader.load(relative))).containsExactly(
                relative + ":6: spec.rollout: file not found: "
                        + dir.toAbsolutePath().normalize().resolve("missing.yaml"));
    }

    @Test
    void aKubeconfigPathIsRelativeToTheFileUnlessItStartsWithTilde() throws Exception {
        Path file = Files.writeString(dir.resolve("service.yaml"),
                EXAMPLE.replace("~/.kube/config", "kube/prod.yaml"));

        ClusterConfig cluster = ServiceConfigLoader.load(file).clusters().get("us-east");

        assertThat(cluster.kubeconfig())
                .contains(dir.toAbsolutePath().normalize().resolve("kube/prod.yaml"));
    }
}
