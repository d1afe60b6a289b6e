package dev.rollout.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.AnalysisTemplate.Kind;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.provider.web.WebMetricProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The shared checker on the cases lint needs most: cluster-scoped and blue/green refs, secrets. */
class AnalysisCheckerTest {
    private static final AnalysisTemplate WEB = new AnalysisTemplate(Kind.ClusterAnalysisTemplate, "web-check",
            Optional.empty(), List.of(new AnalysisArg("hook", Optional.empty(),
                    Optional.of(new SecretKeyRef("alerts", "url"))), AnalysisArg.required("service")),
            List.of(Metric.builder("probe", "web", Map.of("url", "{{args.hook}}?s={{args.service}}")).build()),
            List.of(), List.of(), List.of(), "t.yaml");

    private static RolloutSpec blueGreen(AnalysisRef pre, AnalysisRef post) {
        return RolloutSpec.of("app", 3, new BlueGreenStrategy("active", Optional.empty(), OptionalInt.empty(),
                true, OptionalInt.empty(), 30, Optional.of(pre), Optional.of(post), 30));
    }

    private static AnalysisRef cluster(String name, AnalysisRef.Arg... args) {
        return new AnalysisRef(List.of(new TemplateRef(name, true)), List.of(args));
    }

    private final AnalysisChecker lint = AnalysisChecker.of(TemplateRegistry.of(WEB))
            .providers(Map.of("web", new WebMetricProvider()));

    @Test
    void blueGreenPrePromotionAndPostPromotionReferencesAreChecked() {
        RolloutSpec spec = blueGreen(cluster("missing"), cluster("web-check"));
        assertThat(lint.check(spec)).extracting(SpecProblem::toString).containsExactly(
                "<inline>: spec.strategy.blueGreen.prePromotionAnalysis.templates[0].templateName:"
                        + " ClusterAnalysisTemplate \"missing\" not found",
                "<inline>: spec.strategy.blueGreen.postPromotionAnalysis: arg \"service\" of web-check"
                        + " is required: the template gives no value and the rollout passes none");
    }

    @Test
    void withoutAResolverSecretsAreListedAsNeededAndAWholeUrlSecretPassesWithADummy() {
        RolloutSpec spec = blueGreen(cluster("web-check", AnalysisRef.Arg.of("service", "cart")),
                cluster("web-check", AnalysisRef.Arg.of("service", "cart")));
        assertThat(lint.check(spec)).isEmpty();
        assertThat(lint.secretsNeeded(spec)).extracting(SpecProblem::toString).containsExactly(
                "<inline>: spec.strategy.blueGreen.prePromotionAnalysis: needs secret \"alerts\" key \"url\""
                        + " (arg \"hook\" of web-check) in the namespace the Rollout runs in when it runs",
                "<inline>: spec.strategy.blueGreen.postPromotionAnalysis: needs secret \"alerts\" key"
                        + " \"url\" (arg \"hook\" of web-check) in the namespace the Rollout runs in when it runs");
    }

    @Test
    void withAResolverAMissingSecretIsAProblemAndNoResolverAtAllSaysSo() {
        RolloutSpec spec = blueGreen(cluster("web-check", AnalysisRef.Arg.of("service", "cart")),
                cluster("web-check", AnalysisRef.Arg.of("service", "cart"))).inNamespace("shop");
        assertThat(lint.resolvingSecrets((ns, name, key) -> Optional.empty()).check(spec))
                .extracting(SpecProblem::message).containsOnly("secret \"alerts\" key \"url\" (arg \"hook\""
                        + " of web-check) not found in namespace \"shop\"");
        assertThat(lint.resolvingSecrets(null).check(spec)).extracting(SpecProblem::message)
                .first().asString().endsWith("not found in namespace \"shop\" (no secret resolver is configured)");
        assertThat(lint.resolvingSecrets((ns, name, key) -> Optional.of(dev.rollout.api.Secret.of("https://hooks.example/x")))
                .check(spec)).isEmpty();
    }
}
