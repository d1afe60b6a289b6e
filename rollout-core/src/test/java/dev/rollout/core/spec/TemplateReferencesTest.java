package dev.rollout.core.spec;

import static dev.rollout.core.spec.RolloutValidationTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.core.yaml.DocumentParser;
import dev.rollout.core.yaml.ObjectMeta;
import org.junit.jupiter.api.Test;

class TemplateReferencesTest {

    /** Stands in for the real template parsers: only the metadata matters here. */
    static final DocumentParser<ObjectMeta> TEMPLATES = (document, reader) -> ObjectMeta.read(
            reader.object(document, "apiVersion", "kind", "metadata", "spec")).orElse(null);

    private static final SpecLoader LOADER = SpecLoader.withDefaults()
            .register("AnalysisTemplate", TEMPLATES)
            .register("ClusterAnalysisTemplate", TEMPLATES)
            .checkingTemplateReferences();

    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: web, namespace: shop}
            spec:
              strategy:
                canary:
                  analysis:
                    templates:
                    - templateName: success-rate
                  steps:
                  - analysis:
                      templates:
                      - templateName: latency
                        clusterScope: true
                      - templateName: errors
            """;

    private static String template(String kind, String name, String namespace) {
        return "---\napiVersion: argoproj.io/v1alpha1\nkind: " + kind + "\nmetadata: {name: "
                + name + (namespace == null ? "" : ", namespace: " + namespace) + "}\nspec: {}\n";
    }

    @Test
    void everyNamedTemplateIsLoaded() {
        LoadedSpecs specs = LOADER.loadString("r.yaml", ROLLOUT
                + template("AnalysisTemplate", "success-rate", "shop")
                + template("AnalysisTemplate", "errors", "shop")
                + template("ClusterAnalysisTemplate", "latency", null));

        assertThat(specs.rollouts()).hasSize(1);
        assertThat(specs.objects(ObjectMeta.class)).hasSize(3);
    }

    @Test
    void aTemplateWithoutNamespaceServesEveryNamespace() {
        LoadedSpecs specs = LOADER.loadString("r.yaml", ROLLOUT
                + template("AnalysisTemplate", "success-rate", null)
                + template("AnalysisTemplate", "errors", null)
                + template("ClusterAnalysisTemplate", "latency", null));

        assertThat(specs.rollouts()).hasSize(1);
    }

    @Test
    void missingTemplatesAreReportedWhereTheyAreNamed() {
        assertThatThrownBy(() -> LOADER.loadString("r.yaml", ROLLOUT
                + template("AnalysisTemplate", "success-rate", "default")
                + template("ClusterAnalysisTemplate", "errors", null)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(
                                "r.yaml:9: spec.strategy.canary.analysis.templates[0].templateName:"
                                        + " AnalysisTemplate \"success-rate\" not found in"
                                        + " namespace \"shop\"",
                                "r.yaml:13: spec.strategy.canary.steps[0].analysis.templates[0]"
                                        + ".templateName: ClusterAnalysisTemplate \"latency\""
                                        + " not found",
                                "r.yaml:15: spec.strategy.canary.steps[0].analysis.templates[1]"
                                        + ".templateName: AnalysisTemplate \"errors\" not found"
                                        + " in namespace \"shop\""));
    }

    @Test
    void aRolloutWithoutNamespaceSeesOnlyTemplatesWithoutNamespace() {
        String rollout = ROLLOUT.replace("{name: web, namespace: shop}", "{name: web}");
        assertThat(LOADER.loadString("r.yaml", rollout
                + template("AnalysisTemplate", "success-rate", null)
                + template("AnalysisTemplate", "errors", null)
                + template("ClusterAnalysisTemplate", "latency", null)).rollouts()).hasSize(1);
        // Before: the Rollout was taken to be in namespace default and found these.
        assertThatThrownBy(() -> LOADER.loadString("r.yaml", rollout
                + template("AnalysisTemplate", "success-rate", "default")
                + template("AnalysisTemplate", "errors", null)
                + template("ClusterAnalysisTemplate", "latency", null)))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(
                                "r.yaml:9: spec.strategy.canary.analysis.templates[0].templateName:"
                                        + " AnalysisTemplate \"success-rate\" not found among the"
                                        + " templates that name no namespace (the Rollout names none)"));
    }

    @Test
    void referencesAreNotCheckedUnlessAskedFor() {
        assertThat(SpecLoader.withDefaults().loadString("r.yaml", ROLLOUT).rollouts()).hasSize(1);
        assertThat(problems(ROLLOUT.replace("success-rate", "x").replace("web,", "Web,")))
                .containsExactly("r.yaml:3: metadata.name: must be a DNS-1123 subdomain"
                        + " (lower-case letters, digits, '-' and '.'), was \"Web\"");
    }
}
