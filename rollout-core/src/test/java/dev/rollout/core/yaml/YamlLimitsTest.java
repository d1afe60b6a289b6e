package dev.rollout.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bound of {@link YamlLimits} is a problem naming the file (and line), and what is just
 * inside a bound still reads: huge files, huge lines, deep nesting, alias bombs, binary files.
 */
class YamlLimitsTest {
    @TempDir
    Path dir;

    private final Problems problems = new Problems();

    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: r
              annotations:
                note: "%s"
            """;

    @Test
    void aFileOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, ROLLOUT.formatted("x".repeat(200)) + "#".repeat(4 * 1024 * 1024));

        assertThat(YamlFiles.read(big, problems)).isEmpty();
        assertThat(problems.list()).containsExactly(new SpecProblem(big.toString(), 0, "(document)",
                "file is too large: " + Files.size(big) + " bytes, at most 4194304 are read"));
    }

    @Test
    void aTenMegabyteAnnotationIsRefusedAsTooLarge() {
        String content = ROLLOUT.formatted("x".repeat(10 * 1024 * 1024));

        assertThat(YamlFiles.read("r.yaml", content, problems)).isEmpty();
        assertThat(problems.list()).containsExactly(new SpecProblem("r.yaml", 0, "(document)",
                "file is too large: " + content.length() + " bytes, at most 4194304 are read"));
    }

    @Test
    void theFileLimitIsConfigurable() throws IOException {
        Path file = dir.resolve("r.yaml");
        Files.writeString(file, ROLLOUT.formatted("x".repeat(100)));
        YamlLimits small = YamlLimits.defaults().withMaxFileBytes(100);

        assertThat(YamlFiles.read(file, small, problems)).isEmpty();
        assertThat(problems.list()).singleElement().extracting(SpecProblem::message)
                .isEqualTo("file is too large: " + Files.size(file) + " bytes, at most 100 are read");
        assertThat(YamlFiles.read(file, YamlLimits.defaults().withMaxFileBytes(1000), new Problems()))
                .hasSize(1);
    }

    @Test
    void theSystemPropertySetsTheDefaultFileLimit() {
        System.setProperty(YamlLimits.MAX_FILE_BYTES_PROPERTY, "1234");
        try {
            assertThat(YamlLimits.defaults().maxFileBytes()).isEqualTo(1234);
            System.setProperty(YamlLimits.MAX_FILE_BYTES_PROPERTY, "lots");
            assertThatThrownBy(YamlLimits::defaults).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("rollout.yaml.maxFileBytes must be a number of bytes, was \"lots\"");
        } finally {
            System.clearProperty(YamlLimits.MAX_FILE_BYTES_PROPERTY);
        }
        assertThat(YamlLimits.defaults().maxFileBytes()).isEqualTo(4L * 1024 * 1024);
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedWithItsLine() {
        String content = ROLLOUT.formatted("x".repeat(300_000));

        assertThat(YamlFiles.read("r.yaml", content, problems)).isEmpty();
        assertThat(problems.list()).containsExactly(new SpecProblem("r.yaml", 6, "(document)",
                "line is 300012 characters long, at most 262144 are read"));
    }

    @Test
    void anAnnotationJustUnderTheLineLimitReads() {
        String content = ROLLOUT.formatted("x".repeat(250_000));

        List<YamlDocument> docs = YamlFiles.read("r.yaml", content, problems);

        assertThat(problems.list()).isEmpty();
        assertThat(docs).hasSize(1);
    }

    @Test
    void deepNestingIsAProblemNotAStackOverflow() {
        String deep = "a: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        StringBuilder blocks = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            blocks.append(" ".repeat(i)).append("k:\n");
        }

        assertThat(YamlFiles.read("r.yaml", deep, problems)).isEmpty();
        assertThat(YamlFiles.read("b.yaml", blocks.toString(), problems)).isEmpty();
        assertThat(problems.list()).extracting(SpecProblem::message).containsExactly(
                "mappings and lists nest deeper than 100 levels",
                "mappings and lists nest deeper than 100 levels");
        assertThat(problems.list()).allSatisfy(p -> assertThat(p.line()).isPositive());
        Problems fine = new Problems();
        assertThat(YamlFiles.read("r.yaml", "a: " + "[".repeat(90) + "]".repeat(90), fine)).hasSize(1);
        assertThat(fine.list()).isEmpty();
    }

    @Test
    void anAliasBombIsOneProblemAndNeverExpanded() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = c;
        }

        assertThat(YamlFiles.read("bomb.yaml", bomb.toString(), problems)).isEmpty();
        assertThat(problems.list()).containsExactly(
                new SpecProblem("bomb.yaml", 2, "b[0]", "YAML aliases (*a) are not supported"));
    }

    @Test
    void binaryAndNonUtf8FilesAreRefused() throws IOException {
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[] {'a', ':', ' ', 0, 1, 2, '\n'});
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThat(YamlFiles.read(binary, problems)).isEmpty();
        assertThat(YamlFiles.read(latin1, problems)).isEmpty();
        assertThat(problems.list()).containsExactly(
                new SpecProblem(binary.toString(), 0, "(document)",
                        "file is binary (it holds NUL bytes), not YAML text"),
                new SpecProblem(latin1.toString(), 0, "(document)",
                        "file is not valid UTF-8 text (is it a binary file?)"));
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> YamlLimits.defaults().withMaxFileBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFileBytes");
        assertThatThrownBy(() -> YamlLimits.defaults().withMaxNestingDepth(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxNestingDepth");
    }
}
