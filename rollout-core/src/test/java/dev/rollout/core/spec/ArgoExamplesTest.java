package dev.rollout.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.Arg;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStep.Pause;
import dev.rollout.api.model.CanaryStep.SetCanaryScale;
import dev.rollout.api.model.CanaryStep.SetWeight;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.CanaryStrategy.BackgroundAnalysis;
import dev.rollout.api.model.IntOrPercent;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.TrafficRouting;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Argo Rollouts' documented examples load and mean what they mean in Argo. */
class ArgoExamplesTest {

    private static final SpecLoader LOADER = SpecLoader.withDefaults();

    static Path resource(String name) {
        try {
            return Path.of(ArgoExamplesTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RolloutSpec load(String name) {
        LoadedSpecs specs = LOADER.ignoringUnknownKinds().load(resource("argo/" + name));
        assertThat(specs.rollouts()).hasSize(1);
        return specs.rollouts().get(0);
    }

    private static Pause pause(Duration d) {
        return Pause.of(d);
    }

    @Test
    void basicCanary() {
        RolloutSpec spec = load("canary-basic.yaml");

        assertThat(spec).isEqualTo(RolloutSpec.of("rollouts-demo", 5, CanaryStrategy.of(List.of(
                new SetWeight(20), Pause.indefinite(),
                new SetWeight(40), pause(Duration.ofSeconds(10)),
                new SetWeight(60), pause(Duration.ofSeconds(10)),
                new SetWeight(80), pause(Duration.ofSeconds(10))))));
        CanaryStrategy canary = (CanaryStrategy) spec.strategy();
        assertThat(canary.maxSurge()).isEqualTo(IntOrPercent.percent(25));
        assertThat(canary.maxUnavailable()).isEqualTo(IntOrPercent.percent(25));
        assertThat(canary.abortScaleDownDelaySeconds()).isEqualTo(30);
        assertThat(spec.namespace()).as("no namespace written, none assumed").isEmpty();
        assertThat(spec.progressDeadlineSeconds()).isEqualTo(600);
    }

    @Test
    void blueGreenWithItsServicesInTheSameFile() {
        LoadedSpecs specs = LOADER.ignoringUnknownKinds().load(resource("argo/bluegreen.yaml"));

        assertThat(specs.size()).isEqualTo(1);
        RolloutSpec spec = specs.rollouts().get(0);
        assertThat(spec.name()).isEqualTo("rollout-bluegreen");
        assertThat(spec.replicas()).isEqualTo(2);
        assertThat(spec.strategy()).isEqualTo(new BlueGreenStrategy("rollout-bluegreen-active",
                Optional.of("rollout-bluegreen-preview"), OptionalInt.empty(), false,
                OptionalInt.empty(), 30, Optional.empty(), Optional.empty(), 30));
        assertThat(specs.all().get(0).line()).isEqualTo(2);
    }

    @Test
    void blueGreenWithPreAndPostPromotionAnalysis() {
        RolloutSpec spec = load("bluegreen-analysis.yaml");

        assertThat(spec.namespace()).contains("shop");
        assertThat(spec.labels()).isEqualTo(Map.of("team", "checkout"));
        assertThat(spec.progressDeadlineSeconds()).isEqualTo(300);
        assertThat(spec.progressDeadlineAbort()).isTrue();
        assertThat(spec.strategy()).isEqualTo(new BlueGreenStrategy("active-svc",
                Optional.of("preview-svc"), OptionalInt.of(1), true, OptionalInt.of(60), 120,
                Optional.of(new AnalysisRef(List.of(new TemplateRef("smoke-tests", false)),
                        List.of(Arg.of("service-name", "preview-svc.shop.svc.cluster.local")))),
                Optional.of(new AnalysisRef(List.of(new TemplateRef("success-rate", true)),
                        List.of(Arg.of("service-name", "active-svc.shop.svc.cluster.local"),
                                new Arg("api-token", null,
                                        new SecretKeyRef("token-secret", "apiToken"))))),
                0));
    }

    @Test
    void canaryWithBackgroundAndInlineAnalysis() {
        CanaryStrategy canary = (CanaryStrategy) load("canary-analysis.yaml").strategy();
        Arg service = Arg.of("service-name", "guestbook-svc.default.svc.cluster.local");

        assertThat(canary.analysis()).contains(new BackgroundAnalysis(new AnalysisRef(
                List.of(new TemplateRef("success-rate", false)), List.of(service)), 2));
        assertThat(canary.steps()).containsExactly(
                new SetWeight(20), pause(Duration.ofMinutes(10)),
                new SetWeight(40), pause(Duration.ofMinutes(10)),
                new SetWeight(60),
                new CanaryStep.Analysis(new AnalysisRef(List.of(
                        new TemplateRef("success-rate", false), new TemplateRef("error-rate", true)),
                        List.of(service))),
                new SetWeight(80), pause(Duration.ofMinutes(90)));
    }

    @Test
    void istioWithCanaryScaleAndSurge() {
        RolloutSpec spec = load("canary-istio.yaml");
        CanaryStrategy canary = (CanaryStrategy) spec.strategy();

        assertThat(spec.replicas()).isEqualTo(10);
        assertThat(canary.maxSurge()).isEqualTo(IntOrPercent.percent(20));
        assertThat(canary.maxUnavailable()).isEqualTo(IntOrPercent.of(0));
        assertThat(canary.canaryService()).contains("canary-svc");
        assertThat(canary.stableService()).contains("stable-svc");
        assertThat(canary.trafficRouting()).contains(new TrafficRouting("istio", Map.of(
                "virtualService", Map.of("name", "rollout-vsvc", "routes", List.of("primary")))));
        assertThat(canary.steps()).containsExactly(
                new SetWeight(5), pause(Duration.ofMinutes(10)),
                SetCanaryScale.replicas(3), new SetWeight(50),
                SetCanaryScale.matchingTrafficWeight(), pause(Duration.ofSeconds(30)));
    }

    @Test
    void nginxWithDynamicStableScale() {
        CanaryStrategy canary = (CanaryStrategy) load("canary-nginx.yaml").strategy();

        assertThat(canary.trafficRouting()).contains(new TrafficRouting("nginx", Map.of(
                "stableIngress", "primary-ingress",
                "additionalIngressAnnotations", Map.of("canary-by-header", "X-Canary",
                        "canary-by-header-value", "iwantsit"))));
        assertThat(canary.dynamicStableScale()).isTrue();
        assertThat(canary.abortScaleDownDelaySeconds()).isEqualTo(60);
        assertThat(canary.steps()).containsExactly(new SetWeight(10), pause(Duration.ofHours(1)),
                SetCanaryScale.weight(25), new SetWeight(50), Pause.indefinite());
    }

    @Test
    void gatewayApiPluginBecomesTheGatewayApiRouter() {
        CanaryStrategy canary = (CanaryStrategy) load("canary-gatewayapi.yaml").strategy();

        assertThat(canary.trafficRouting()).contains(new TrafficRouting("gatewayAPI", Map.of(
                "httpRoute", "argo-rollouts-http-route", "namespace", "default")));
        assertThat(canary.steps()).hasSize(8);
    }

    @Test
    void smiWithBareNumberPause() {
        CanaryStrategy canary = (CanaryStrategy) load("canary-smi.yaml").strategy();

        assertThat(canary.trafficRouting()).contains(new TrafficRouting("smi", Map.of(
                "rootService", "root-svc", "trafficSplitName", "rollout-example-traffic-split")));
        assertThat(canary.steps()).containsExactly(new SetWeight(5),
                pause(Duration.ofMinutes(10)));
    }

    @Test
    void examplesThatReuseANameClashWhenLoadedTogether() {
        List<String> names = List.of("canary-basic.yaml", "bluegreen.yaml",
                "bluegreen-analysis.yaml", "canary-analysis.yaml", "canary-istio.yaml",
                "canary-nginx.yaml", "canary-gatewayapi.yaml", "canary-smi.yaml");

        assertThatThrownBy(() -> LOADER.ignoringUnknownKinds()
                .load(names.stream().map(n -> resource("argo/" + n)).toList()))
                .isInstanceOfSatisfying(InvalidSpecException.class, e ->
                        // canary-gatewayapi.yaml names namespace default and canary-basic.yaml
                        // none: no namespace is assumed, so they are not the same object.
                        assertThat(e.problems()).extracting(Object::toString).containsExactly(
                                resource("argo/canary-smi.yaml") + ":2: metadata.name:"
                                        + " duplicate Rollout \"rollout-example\", first defined at "
                                        + resource("argo/canary-istio.yaml") + ":2"));
    }
}
