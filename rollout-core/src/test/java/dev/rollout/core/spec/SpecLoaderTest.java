package dev.rollout.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.core.yaml.DocumentParser;
import dev.rollout.core.yaml.YamlObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

    /** A minimal kind for testing dispatch: {@code spec.size} must be 1..10. */
    record Widget(String name, int size) {
    }

    record Gadget(String name) {
    }

    static final DocumentParser<Widget> WIDGETS = (document, reader) -> {
        int mark = reader.problems().count();
        YamlObject root = reader.object(document, "apiVersion", "kind", "metadata", "spec");
        String name = root.requiredObject("metadata", "name", "namespace").requiredString("name");
        int size = root.requiredObject("spec", "size").intInRange("size", 1, 10, 1);
        return reader.problems().hasNewSince(mark) ? null : new Widget(name, size);
    };

    static final DocumentParser<Gadget> GADGETS = (document, reader) -> {
        YamlObject root = reader.object(document, "apiVersion", "kind", "metadata");
        String name = root.requiredObject("metadata", "name").requiredString("name");
        return name == null ? null : new Gadget(name);
    };

    private final SpecLoader loader = SpecLoader.create()
            .register("Widget", WIDGETS)
            .register("example.com/v1", "Gadget", GADGETS);

    private static List<String> problemsOf(Runnable load) {
        try {
            load.run();
        } catch (InvalidSpecException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        throw new AssertionError("expected an InvalidSpecException");
    }

    @Test
    void loadsEveryDocumentOfEveryFileWithItsSource(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Widget
                metadata: {name: w1}
                spec: {size: 2}
                ---
                apiVersion: example.com/v1
                kind: Gadget
                metadata: {name: g1}
                """);
        Path b = Files.writeString(dir.resolve("b.yaml"), """
                # leading comment

                apiVersion: argoproj.io/v1alpha1
                kind: Widget
                metadata: {name: w2, namespace: prod}
                spec: {size: 3}
                """);

        LoadedSpecs specs = loader.load(a, b);

        assertThat(specs.objects(Widget.class)).containsExactly(new Widget("w1", 2),
                new Widget("w2", 3));
        assertThat(specs.objects(Gadget.class)).containsExactly(new Gadget("g1"));
        assertThat(specs.all()).extracting(LoadedObject::source).containsExactly(
                a + ":1", a + ":6", b + ":3");
        assertThat(specs.loaded(Widget.class).get(1).namespace()).contains("prod");
        assertThat(specs.all().get(1).kind()).isEqualTo("Gadget");
        assertThat(specs.rollouts()).isEmpty();
    }

    @Test
    void collectsEveryProblemOfEveryFileAndLoadsNothing(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Widget
                metadata: {name: ok}
                spec: {size: 2}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: Widget
                metadata: {name: big}
                spec:
                  size: 11
                  colour: red
                """);
        Path b = Files.writeString(dir.resolve("b.yaml"), "a: [\n");
        Path c = dir.resolve("missing.yaml");

        assertThat(problemsOf(() -> loader.load(a, b, c))).containsExactly(
                a + ":10: spec.size: must be 1..10, was 11",
                a + ":11: spec.colour: unknown field, expected one of: size",
                b + ":2: (yaml): invalid YAML: expected the node content, but found"
                        + " '<stream end>' (while parsing a flow node)",
                c + ": (document): file not found");
    }

    @Test
    void rejectsUnknownKindsAndApiVersionsAtTheirLine() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: Sprocket
                ---
                apiVersion: argoproj.io/v1beta1
                kind: Widget
                ---
                kind: Widget
                ---
                apiVersion: v1
                kind: 5
                ---
                - a list
                """;

        assertThat(problemsOf(() -> loader.loadString("x.yaml", yaml))).containsExactly(
                "x.yaml:2: kind: unsupported kind \"Sprocket\", expected one of: Gadget, Widget",
                "x.yaml:4: apiVersion: unsupported apiVersion \"argoproj.io/v1beta1\" for kind"
                        + " Widget, expected argoproj.io/v1alpha1",
                "x.yaml:7: apiVersion: is required",
                "x.yaml:10: kind: must be a string, was a number 5 (quote it to make it a string)",
                "x.yaml:12: (document): a document must be a mapping with apiVersion and kind,"
                        + " was a list");
    }

    @Test
    void canSkipKindsItDoesNotKnow() {
        LoadedSpecs specs = loader.ignoringUnknownKinds().loadString("x.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: Widget
                metadata: {name: w}
                spec: {size: 1}
                """);

        assertThat(specs.objects(Widget.class)).containsExactly(new Widget("w", 1));
        assertThat(specs.size()).isEqualTo(1);
    }

    @Test
    void anUnknownKindOfAKnownGroupIsStillAnError() {
        assertThatThrownBy(() -> loader.ignoringUnknownKinds().loadString("x.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Rolout
                metadata: {name: typo}
                """))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("x.yaml:2: kind: unsupported kind \"Rolout\"");
    }

    @Test
    void duplicateNamesAreProblemsButNamespacesAndKindsSeparate() {
        String widget = """
                apiVersion: argoproj.io/v1alpha1
                kind: Widget
                metadata: {name: w%s}
                spec: {size: 1}
                """;
        String yaml = widget.formatted("") + "---\n" + widget.formatted(", namespace: other")
                + "---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: w}\n"
                + "---\n" + widget.formatted("");

        assertThat(problemsOf(() -> loader.loadString("x.yaml", yaml))).containsExactly(
                "x.yaml:15: metadata.name: duplicate Widget \"w\", first defined at x.yaml:1");
    }

    @Test
    void aParserThatThrowsBecomesAProblemOfItsDocument() {
        SpecLoader throwing = SpecLoader.create().register("Widget", (document, reader) -> {
            throw new IllegalArgumentException("weight must be 0..100, was 101");
        });

        assertThatThrownBy(() -> throwing.loadString("x.yaml",
                "apiVersion: argoproj.io/v1alpha1\nkind: Widget\n"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("x.yaml:1: (document): weight must be 0..100, was 101");
    }

    @Test
    void aLoaderWithoutParsersSaysSo() {
        assertThatThrownBy(() -> SpecLoader.create().loadString("x.yaml", "apiVersion: v1\nkind: A\n"))
                .hasMessage("x.yaml:2: kind: unsupported kind \"A\", no parser is registered");
    }

    @Test
    void registerReturnsANewLoaderAndLeavesTheOriginalUnchanged() {
        SpecLoader empty = SpecLoader.create();
        SpecLoader withWidget = empty.register("Widget", WIDGETS);

        String yaml = "apiVersion: argoproj.io/v1alpha1\nkind: Widget\nmetadata: {name: w}\n"
                + "spec: {size: 1}\n";
        assertThat(withWidget.loadString("x.yaml", yaml).size()).isEqualTo(1);
        assertThatThrownBy(() -> empty.loadString("x.yaml", yaml))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void aDirectoryStandsForItsYamlFilesInPathOrder(@TempDir Path dir) throws Exception {
        String widget = "apiVersion: argoproj.io/v1alpha1\nkind: Widget\nmetadata: {name: %s}\n"
                + "spec: {size: 1}\n";
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("b.yml"), widget.formatted("b"));
        Files.writeString(dir.resolve("a.yaml"), "\uFEFF" + widget.formatted("a"));
        Files.writeString(dir.resolve("sub/c.yaml"), widget.formatted("c"));
        Files.writeString(dir.resolve("notes.txt"), "not yaml: [");
        Path empty = Files.createDirectories(dir.resolve("empty"));

        assertThat(loader.load(dir).objects(Widget.class)).extracting(Widget::name)
                .containsExactly("a", "b", "c");
        assertThat(problemsOf(() -> loader.load(empty))).containsExactly(
                empty + ": (document): directory holds no .yaml or .yml file");
    }

    @Test
    void aFileWithNoObjectIsAnErrorNotAnEmptySpec() {
        SpecLoader loader = SpecLoader.withDefaults();
        for (String empty : new String[] {"", "# only a comment\n", "---\n---\n"}) {
            assertThatThrownBy(() -> loader.loadString("empty.yaml", empty))
                    .isInstanceOf(dev.rollout.api.InvalidSpecException.class)
                    .hasMessage("empty.yaml: (document): holds no object: the file is empty or only"
                            + " comments; expected a document with apiVersion and kind");
        }
    }

    @Test
    void aMaxSurgeOrMaxUnavailableAboveAHundredPercentIsRefusedAtItsLine() {
        String rollout = """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: app}
                spec:
                  strategy:
                    canary:
                      maxSurge: 150%
                      maxUnavailable: "101%"
                """;
        assertThatThrownBy(() -> SpecLoader.withDefaults().loadString("r.yaml", rollout))
                .isInstanceOf(dev.rollout.api.InvalidSpecException.class)
                .hasMessage("r.yaml:7: spec.strategy.canary.maxSurge: must be a percentage within 0%..100%, was 150%\n"
                        + "r.yaml:8: spec.strategy.canary.maxUnavailable: must be a percentage within 0%..100%, was 101%");
        assertThat(SpecLoader.withDefaults().loadString("r.yaml", rollout.replace("150%", "100%")
                .replace("\"101%\"", "0%")).rollouts()).hasSize(1);
    }
}
