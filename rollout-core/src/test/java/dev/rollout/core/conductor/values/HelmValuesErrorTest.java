package dev.rollout.core.conductor.values;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values files are refused with the file, line and field of the problem. */
class HelmValuesErrorTest {

    private static SpecProblem problemOf(Runnable action) {
        try {
            action.run();
        } catch (InvalidSpecException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("expected an InvalidSpecException");
    }

    @Test
    void aTopLevelListIsRefused() {
        SpecProblem p = problemOf(() -> HelmValues.parse("values-prod.yaml", "# list\n- a\n- b\n"));
        assertThat(p.file()).isEqualTo("values-prod.yaml");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.message()).contains("must be a mapping, was a list");
    }

    @Test
    void aTopLevelScalarIsRefused() {
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", "\n\njust text\n"));
        assertThat(p.toString()).startsWith("values.yaml:3: (document): ")
                .contains("must be a mapping, was a scalar");
    }

    @Test
    void invalidYamlNamesTheLine() {
        SpecProblem p = problemOf(() ->
                HelmValues.parse("values-prod.yaml", "image:\n  tag: v1\n  repo: [unclosed\nx: 1\n"));
        assertThat(p.file()).isEqualTo("values-prod.yaml");
        assertThat(p.line()).isBetween(3, 5);
        assertThat(p.message()).startsWith("invalid YAML: ");
        assertThat(p.toString()).doesNotContain("\n");
    }

    @Test
    void badIndentationNamesTheLine() {
        SpecProblem p = problemOf(() ->
                HelmValues.parse("values.yaml", "a:\n  b: 1\n c: 2\n"));
        assertThat(p.line()).isEqualTo(3);
    }

    @Test
    void twoDocumentsAreRefusedAtTheSecond() {
        SpecProblem p = problemOf(() ->
                HelmValues.parse("values-prod.yaml", "a: 1\n---\nb: 2\n"));
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).contains("one YAML document");
    }

    @Test
    void emptyDocumentsAroundOneDocumentAreFine() {
        ValuesFile file = HelmValues.parse("values.yaml", "---\na: 1\n---\n");
        assertThat(file.asMap()).containsEntry("a", 1L);
    }

    @Test
    void aDuplicateKeyIsRefusedNamingBothLines() {
        SpecProblem p = problemOf(() ->
                HelmValues.parse("values.yaml", "image:\n  tag: a\n  tag: b\n"));
        assertThat(p.toString()).isEqualTo("values.yaml:3: image.tag: duplicate key, first at line 2");
    }

    @Test
    void aFileOverTheSizeLimitNamesTheLineWhereItPassesIt() {
        int perLine = 1000;
        StringBuilder yaml = new StringBuilder();
        int lines = ValuesReader.CODE_POINT_LIMIT / 900 + 10;
        for (int i = 0; i < lines; i++) {
            yaml.append("k").append(i).append(": ").append("x".repeat(perLine - 12)).append('\n');
        }
        SpecProblem p = problemOf(() -> HelmValues.parse("values-huge.yaml", yaml.toString()));
        assertThat(p.file()).isEqualTo("values-huge.yaml");
        int expected = 1 + (int) yaml.toString().substring(0, ValuesReader.CODE_POINT_LIMIT)
                .chars().filter(c -> c == '\n').count();
        assertThat(p.line()).isEqualTo(expected);
        assertThat(p.message()).contains(String.valueOf(ValuesReader.CODE_POINT_LIMIT));
    }

    @Test
    void aHugeFileOnDiskIsRefusedWithoutParsing(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("values.yaml");
        String line = "k: " + "x".repeat(4093) + "\n";
        Files.writeString(file, line.repeat(ValuesReader.CODE_POINT_LIMIT / line.length() + 2));
        SpecProblem p = problemOf(() -> HelmValues.read(file));
        assertThat(p.file()).isEqualTo(file.toString());
        assertThat(p.line()).isEqualTo(ValuesReader.CODE_POINT_LIMIT / line.length() + 1);
    }

    @Test
    void aMissingFileAndInvalidUtf8AreNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("values-nope.yaml");
        assertThat(problemOf(() -> HelmValues.read(missing)).toString())
                .isEqualTo(missing + ": (document): file not found");
        Path latin1 = dir.resolve("values.yaml");
        Files.write(latin1, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(problemOf(() -> HelmValues.read(latin1)).message()).isEqualTo("file is not valid UTF-8");
    }

    @Test
    void aByteOrderMarkIsNotContent(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("values.yaml");
        Files.writeString(file, "\uFEFFreplicas: 2\n");
        assertThat(HelmValues.read(file).asMap()).containsOnlyKeys("replicas");
    }

    @Test
    void aMergeKeyOnAScalarIsRefused() {
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", "a: &a 1\nb:\n  <<: *a\n"));
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.field()).isEqualTo("b[\"<<\"]");
        assertThat(p.message()).contains("merge key");
    }

    @Test
    void anAliasCycleIsRefused() {
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", "a: &a\n  - *a\n"));
        assertThat(p.file()).isEqualTo("values.yaml");
        assertThat(p.line()).isPositive();
        assertThat(p.message()).contains("cycle");
    }

    @Test
    void aBillionLaughsFileIsRefused() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", yaml.toString()));
        assertThat(p.file()).isEqualTo("values.yaml");
        assertThat(p.line()).isBetween(6, 7);
        assertThat(p.message()).contains("aliases");
    }

    @Test
    void aliasesThatExpandTooFarAreRefusedAtTheirLine() {
        // 45 aliases (under SnakeYAML's 50) that would expand to over a million values.
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 6; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", yaml.toString()));
        assertThat(p.line()).isEqualTo(6);
        assertThat(p.message()).isEqualTo("aliases expand to more than 1000000 values");
    }

    @Test
    void anExplicitTagThatDisagreesIsRefused() {
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", "a:\n  b: !!int abc\n"));
        assertThat(p.toString()).isEqualTo("values.yaml:2: a.b: cannot read \"abc\" as int");
    }

    @Test
    void aMapAsKeyIsRefused() {
        SpecProblem p = problemOf(() -> HelmValues.parse("values.yaml", "? {a: 1}\n: x\n"));
        assertThat(p.line()).isEqualTo(1);
        assertThat(p.message()).contains("a key must be a scalar");
    }
}
