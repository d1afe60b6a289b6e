package dev.rollout.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.AnalysisTemplate.Kind;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TemplateRegistryTest {
    static Metric metric(String name) {
        return Metric.builder(name, "job", Map.of()).build();
    }

    static AnalysisTemplate template(Kind kind, String name, String namespace, List<AnalysisArg> args,
            List<Metric> metrics, List<TemplateRef> composed) {
        return new AnalysisTemplate(kind, name, Optional.ofNullable(namespace), args, metrics,
                List.of(), List.of(), composed, name + ".yaml");
    }

    static AnalysisRef ref(TemplateRef... refs) {
        return new AnalysisRef(List.of(refs), List.of());
    }

    @Test
    void namespacedTemplatesPreferTheirNamespaceAndClusterTemplatesAreSeparate() {
        TemplateRegistry r = TemplateRegistry.of(
                template(Kind.AnalysisTemplate, "t", null, List.of(), List.of(metric("any-ns")), List.of()),
                template(Kind.AnalysisTemplate, "t", "prod", List.of(), List.of(metric("prod-only")), List.of()),
                template(Kind.ClusterAnalysisTemplate, "t", null, List.of(), List.of(metric("cluster")), List.of()));
        assertThat(r.resolve("prod", ref(new TemplateRef("t", false)), Map.of(), null).metrics())
                .extracting(Metric::name).containsExactly("prod-only");
        assertThat(r.resolve("dev", ref(new TemplateRef("t", false)), Map.of(), null).metrics())
                .extracting(Metric::name).containsExactly("any-ns");
        assertThat(r.resolve("dev", ref(new TemplateRef("t", true)), Map.of(), null).metrics())
                .extracting(Metric::name).containsExactly("cluster");
    }

    @Test
    void templatesComposeTemplatesAndArgsMerge() {
        TemplateRegistry r = TemplateRegistry.of(
                template(Kind.AnalysisTemplate, "base", null, List.of(AnalysisArg.required("svc")),
                        List.of(metric("errors")), List.of()),
                template(Kind.ClusterAnalysisTemplate, "latency", null,
                        List.of(AnalysisArg.of("svc", "default-svc"), AnalysisArg.of("p", "99")),
                        List.of(metric("latency")), List.of()),
                template(Kind.AnalysisTemplate, "all", null, List.of(),
                        List.of(metric("own")), List.of(new TemplateRef("base", false), new TemplateRef("latency", true))));
        ResolvedAnalysis a = r.resolve("ns", ref(new TemplateRef("all", false)), Map.of(), null);
        assertThat(a.metrics()).extracting(Metric::name).containsExactly("errors", "latency", "own");
        assertThat(a.args()).containsEntry("svc", "default-svc").containsEntry("p", "99");
        assertThat(a.metricTemplates()).containsEntry("errors", "base").containsEntry("own", "all");
    }

    @Test
    void argsComeFromTheRolloutThenTheContextThenTheTemplate() {
        TemplateRegistry r = TemplateRegistry.of(template(Kind.AnalysisTemplate, "t", null,
                List.of(AnalysisArg.of("a", "tmpl"), AnalysisArg.of("b", "tmpl"), AnalysisArg.of("c", "tmpl")),
                List.of(metric("m")), List.of()));
        AnalysisRef withArgs = new AnalysisRef(List.of(new TemplateRef("t", false)), List.of(AnalysisRef.Arg.of("a", "rollout")));
        ResolvedAnalysis a = r.resolve("ns", withArgs, Map.of("a", "ctx", "b", "ctx", "zzz", "ignored"), null);
        assertThat(a.args()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "rollout", "b", "ctx", "c", "tmpl"));
    }

    @Test
    void secretArgsResolveThroughTheResolverAndAreListedForRedaction() {
        TemplateRegistry r = TemplateRegistry.of(template(Kind.AnalysisTemplate, "t", null,
                List.of(new AnalysisArg("token", Optional.empty(), Optional.of(new SecretKeyRef("api", "token"))),
                        AnalysisArg.required("other")),
                List.of(metric("m")), List.of()));
        AnalysisRef withSecret = new AnalysisRef(List.of(new TemplateRef("t", false)),
                List.of(new AnalysisRef.Arg("other", null, new SecretKeyRef("api", "other"))));
        ResolvedAnalysis a = r.resolve("prod", withSecret, Map.of(),
                (ns, name, key) -> ns.equals("prod") ? Optional.of(Secret.of(name + "/" + key)) : Optional.empty());
        assertThat(a.args()).containsEntry("token", "api/token").containsEntry("other", "api/other");
        assertThat(a.secrets()).containsExactly(Secret.of("api/token"), Secret.of("api/other"));
        assertThatThrownBy(() -> r.resolve("dev", withSecret, Map.of(), (ns, n, k) -> Optional.empty()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("args.token: secret \"api\" key \"token\" not found in namespace \"dev\"")
                .hasMessageContaining("args.other");
    }

    @Test
    void specErrorsAtResolution() {
        TemplateRegistry r = TemplateRegistry.of(
                template(Kind.AnalysisTemplate, "a", null, List.of(AnalysisArg.of("x", "1")), List.of(metric("m")),
                        List.of(new TemplateRef("b", false))),
                template(Kind.AnalysisTemplate, "b", null, List.of(AnalysisArg.of("x", "2")), List.of(metric("m")),
                        List.of()),
                template(Kind.AnalysisTemplate, "loop", null, List.of(), List.of(metric("l")),
                        List.of(new TemplateRef("loop", false))));
        assertThatThrownBy(() -> r.resolve("ns", ref(new TemplateRef("missing", false)), Map.of(), null))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("AnalysisTemplate/missing not found");
        assertThatThrownBy(() -> r.resolve("ns", ref(new TemplateRef("missing", true)), Map.of(), null))
                .hasMessageContaining("ClusterAnalysisTemplate/missing not found");
        assertThatThrownBy(() -> r.resolve("ns", ref(new TemplateRef("a", false)), Map.of(), null))
                .hasMessageContaining("two metrics have the same name \"m\"")
                .hasMessageContaining("given different values by the composed templates");
        assertThatThrownBy(() -> r.resolve("ns", ref(new TemplateRef("loop", false)), Map.of(), null))
                .hasMessageContaining("cycle");
        assertThat(r.check()).extracting(InvalidSpecException.SpecProblem::toString).anySatisfy(p ->
                assertThat(p).startsWith("loop.yaml: spec.templates: templates compose each other in a cycle"))
                .anySatisfy(p -> assertThat(p).contains("two metrics have the same name \"m\""));
        assertThat(TemplateRegistry.of(template(Kind.AnalysisTemplate, "x", null, List.of(), List.of(metric("m")),
                List.of(new TemplateRef("gone", true)))).check()).singleElement().hasToString(
                        "x.yaml: spec.templates: ClusterAnalysisTemplate/gone not found");
    }

    @Test
    void checkFindsArgsThatNoTemplateOfTheCompositionDeclares() {
        Metric uses = Metric.builder("own", "web", Map.of("url", "http://{{args.svc}}/{{args.nope}}"))
                .successCondition("result < {{args.p}}").build();
        TemplateRegistry r = TemplateRegistry.of(
                template(Kind.AnalysisTemplate, "base", null, List.of(AnalysisArg.required("svc")),
                        List.of(metric("errors")), List.of()),
                template(Kind.ClusterAnalysisTemplate, "latency", null, List.of(AnalysisArg.of("p", "99")),
                        List.of(metric("latency")), List.of()),
                template(Kind.AnalysisTemplate, "all", null, List.of(), List.of(uses),
                        List.of(new TemplateRef("base", false), new TemplateRef("latency", true))));
        assertThat(r.check()).singleElement().hasToString("all.yaml: spec.metrics[own]: AnalysisTemplate all, "
                + "metric \"own\": {{args.nope}} names no arg of the composition all, base, latency; "
                + "declared: svc, p");
    }
}
