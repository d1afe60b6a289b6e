package dev.rollout.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlFilesTest {

    private final Problems problems = new Problems();

    private List<YamlDocument> read(String text) {
        return YamlFiles.read("r.yaml", text, problems);
    }

    private static YamlNode at(YamlNode node, Object... steps) {
        YamlNode current = node;
        for (Object step : steps) {
            current = step instanceof Integer i
                    ? ((YamlNode.ListNode) current).items().get(i)
                    : ((YamlNode.MapNode) current).get((String) step);
        }
        return current;
    }

    @Test
    void nodesKnowTheirFileLineAndPath() {
        List<YamlDocument> docs = read("""
                kind: Rollout
                spec:
                  strategy:
                    canary:
                      steps:
                      - setWeight: 20
                      - pause: {}
                      - setWeight: 150
                """);

        assertThat(problems.list()).isEmpty();
        YamlNode root = docs.get(0).root();
        YamlNode weight = at(root, "spec", "strategy", "canary", "steps", 2, "setWeight");
        assertThat(weight.file()).isEqualTo("r.yaml");
        assertThat(weight.line()).isEqualTo(8);
        assertThat(weight.path()).isEqualTo("spec.strategy.canary.steps[2].setWeight");
        assertThat(at(root, "spec", "strategy").line()).isEqualTo(3);
        assertThat(at(root, "spec", "strategy", "canary", "steps", 1).line()).isEqualTo(7);
        assertThat(at(root, "spec", "strategy", "canary", "steps", 1).path())
                .isEqualTo("spec.strategy.canary.steps[1]");
        assertThat(root.line()).isEqualTo(1);
        assertThat(root.path()).isEmpty();
    }

    @Test
    void aValueOnTheNextLineIsLocatedAtItsKey() {
        YamlNode root = read("""
                a: 1
                name:
                  "multi"
                """).get(0).root();

        assertThat(at(root, "name").line()).isEqualTo(2);
    }

    @Test
    void keysThatAreNotIdentifiersAreBracketedInPaths() {
        YamlNode root = read("""
                metadata:
                  labels:
                    app.kubernetes.io/name: web
                """).get(0).root();

        assertThat(at(root, "metadata", "labels", "app.kubernetes.io/name").path())
                .isEqualTo("metadata.labels[\"app.kubernetes.io/name\"]");
    }

    @Test
    void scalarsKeepTheTypeTheYamlGaveThem() {
        YamlNode root = read("""
                int: 30
                quoted: "30"
                duration: 30s
                float: 0.5
                yes: true
                nothing: ~
                empty:
                emptyString: ""
                big: 99999999999999999999
                """).get(0).root();

        assertThat(((YamlNode.Scalar) at(root, "int")).type()).isEqualTo(YamlNode.ScalarType.INT);
        assertThat(((YamlNode.Scalar) at(root, "int")).value()).isEqualTo(30L);
        assertThat(((YamlNode.Scalar) at(root, "quoted")).type())
                .isEqualTo(YamlNode.ScalarType.STRING);
        assertThat(((YamlNode.Scalar) at(root, "duration")).text()).isEqualTo("30s");
        assertThat(((YamlNode.Scalar) at(root, "float")).type())
                .isEqualTo(YamlNode.ScalarType.FLOAT);
        assertThat(((YamlNode.Scalar) at(root, "yes")).value()).isEqualTo(true);
        assertThat(((YamlNode.Scalar) at(root, "nothing")).isNull()).isTrue();
        assertThat(((YamlNode.Scalar) at(root, "empty")).isNull()).isTrue();
        assertThat(((YamlNode.Scalar) at(root, "emptyString")).type())
                .isEqualTo(YamlNode.ScalarType.STRING);
        assertThat(((YamlNode.Scalar) at(root, "big")).type()).isEqualTo(YamlNode.ScalarType.INT);
    }

    @Test
    void readsEveryDocumentAndSkipsEmptyOnes() {
        List<YamlDocument> docs = read("""
                ---
                kind: A
                ---
                # only a comment
                ---
                kind: B
                ...
                ---
                kind: C
                """);

        assertThat(problems.list()).isEmpty();
        assertThat(docs).extracting(d -> ((YamlNode.MapNode) d.root()).get("kind").toPlain())
                .containsExactly("A", "B", "C");
        assertThat(docs).extracting(YamlDocument::line).containsExactly(2, 6, 9);
        assertThat(docs).extracting(YamlDocument::index).containsExactly(0, 1, 2);
    }

    @Test
    void duplicateKeysAreProblems() {
        read("""
                spec:
                  replicas: 1
                  replicas: 2
                """);

        assertThat(problems.list()).containsExactly(
                new SpecProblem("r.yaml", 3, "spec.replicas", "duplicate key, first at line 2"));
    }

    @Test
    void aliasesAreProblems() {
        read("""
                base: &b 5
                copy: *b
                """);

        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.field()).isEqualTo("copy");
            assertThat(p.message()).isEqualTo("YAML aliases (*b) are not supported");
        });
    }

    @Test
    void syntaxErrorsNameTheLineAndReturnNoDocument() {
        List<YamlDocument> docs = read("""
                kind: Rollout
                spec:
                  replicas: 1
                 bad: [
                """);

        assertThat(docs).isEmpty();
        assertThat(problems.list()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("r.yaml");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.field()).isEqualTo("(yaml)");
            assertThat(p.message()).startsWith("invalid YAML: ").doesNotContain("\n");
        });
    }

    @Test
    void aMissingFileIsAProblemNotAnException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        assertThat(YamlFiles.read(missing, problems)).isEmpty();

        assertThat(problems.list()).containsExactly(
                new SpecProblem(missing.toString(), 0, "(document)", "file not found"));
    }

    @Test
    void readsFilesFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, "a: 1\n---\nb: [1, two]\n");

        List<YamlDocument> docs = YamlFiles.read(file, problems);

        assertThat(docs).hasSize(2);
        assertThat(docs.get(1).file()).isEqualTo(file.toString());
        assertThat(docs.get(1).root().toPlain()).isEqualTo(Map.of("b", List.of(1L, "two")));
    }

    @Test
    void toPlainDropsNullMapValues() {
        YamlNode root = read("a: 1\nb: null\nc: {d: x}\n").get(0).root();

        assertThat(root.toPlain()).isEqualTo(Map.of("a", 1L, "c", Map.of("d", "x")));
    }

    @Test
    void yamlSpecialFloatsAreDoublesOnTheirLines() {
        List<YamlDocument> docs = read("""
                values: [.nan, .inf, -.inf, 0.5]
                more:
                - .NaN
                - +.INF
                - '.nan'
                - -.nan
                """);

        assertThat(problems.list()).isEmpty();
        YamlNode root = docs.get(0).root();
        assertThat(((YamlNode.ListNode) at(root, "values")).items())
                .extracting(YamlNode::toPlain, YamlNode::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Double.NaN, 1),
                        org.assertj.core.groups.Tuple.tuple(Double.POSITIVE_INFINITY, 1),
                        org.assertj.core.groups.Tuple.tuple(Double.NEGATIVE_INFINITY, 1),
                        org.assertj.core.groups.Tuple.tuple(0.5, 1));
        assertThat(((YamlNode.ListNode) at(root, "more")).items())
                .extracting(YamlNode::toPlain, YamlNode::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Double.NaN, 3),
                        org.assertj.core.groups.Tuple.tuple(Double.POSITIVE_INFINITY, 4),
                        // quoted, and not one of YAML's spellings: strings
                        org.assertj.core.groups.Tuple.tuple(".nan", 5),
                        org.assertj.core.groups.Tuple.tuple("-.nan", 6));
        assertThat(((YamlNode.Scalar) at(root, "values", 0)).type())
                .isEqualTo(YamlNode.ScalarType.FLOAT);
        assertThat(at(root, "values", 2).describe()).isEqualTo("a number -.inf");
    }
}
