package dev.rollout.core.spec;

import static dev.rollout.core.spec.ArgoExamplesTest.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.TrafficRouting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RolloutParserTest {

    private static final SpecLoader WITH_NOTIFY = SpecLoader.withDefaults()
            .register(RolloutParser.KIND, new RolloutParser().withCustomSteps("notify"));

    @Test
    void loadsSeveralRolloutsFromOneFileWithCustomStepsAndIgnoredFields() {
        LoadedSpecs specs = WITH_NOTIFY.load(resource("specs/multi.yaml"));

        assertThat(specs.rollouts()).extracting(RolloutSpec::name).containsExactly("checkout",
                "cart");
        RolloutSpec checkout = specs.rollout("checkout").orElseThrow();
        assertThat(checkout.namespace()).contains("shop");
        assertThat(checkout.labels()).containsEntry("app.kubernetes.io/name", "checkout");
        CanaryStrategy canary = (CanaryStrategy) checkout.strategy();
        assertThat(canary.trafficRouting()).contains(TrafficRouting.of("embedded"));
        assertThat(canary.canaryService()).isEmpty();
        assertThat(canary.steps()).containsExactly(new CanaryStep.SetWeight(25),
                new CanaryStep.Custom("notify", Map.of("channel", "#deploys")),
                CanaryStep.Pause.of(Duration.ofMillis(250)), new CanaryStep.SetWeight(100));

        RolloutSpec cart = specs.rollout("cart").orElseThrow();
        assertThat(cart.replicas()).isEqualTo(1);
        assertThat(cart.strategy()).isEqualTo(new BlueGreenStrategy("cart",
                Optional.of("cart-preview"), OptionalInt.empty(), true,
                OptionalInt.empty(), 30, Optional.empty(),
                Optional.empty(), 30));
        assertThat(specs.loaded(RolloutSpec.class)).extracting(LoadedObject::line)
                .containsExactly(2, 21);
    }

    @Test
    void customStepsAreUnknownUnlessDeclared() {
        assertThatThrownBy(() -> SpecLoader.withDefaults().load(resource("specs/multi.yaml")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.line() + " " + p.field() + ": " + p.message())
                        .containsExactly("17 spec.strategy.canary.steps[1].notify: unknown field,"
                                + " expected one of: setWeight, pause, setCanaryScale, analysis,"
                                + " experiment, setHeaderRoute, setMirrorRoute"));
    }

    @Test
    void customStepsMayNotShadowArgoSteps() {
        assertThatThrownBy(() -> new RolloutParser().withCustomSteps("pause"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("custom step must not be named pause");
    }

    @Test
    void collectsEveryProblemOfSeveralFilesInOneException() {
        Path canary = resource("specs/invalid-canary.yaml");
        Path blueGreen = resource("specs/invalid-bluegreen.yaml");

        assertThatThrownBy(() -> SpecLoader.withDefaults().load(canary, blueGreen))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                        .extracting(Object::toString).containsExactly(
                                canary + ":6: spec.replicas: must be an integer, was a string"
                                        + " \"three\"",
                                canary + ":11: spec.strategy.canary.steps[1].pause.duration:"
                                        + " invalid duration \"1x\": unknown unit \"x\" (use ns,"
                                        + " us, ms, s, m or h)",
                                canary + ":12: spec.strategy.canary.steps[2].setWeight: must be"
                                        + " 0..100, was 150",
                                canary + ":13: spec.strategy.canary.maxSurge: maxSurge and"
                                        + " maxUnavailable must not both be 0",
                                blueGreen + ":7: spec.strategy.blueGreen.activeService: is"
                                        + " required",
                                blueGreen + ":9: spec.strategy.blueGreen.autoPromotionSecond:"
                                        + " unknown field, did you mean autoPromotionSeconds?",
                                blueGreen + ":12: kind: unsupported kind \"AnalysisTemplate\","
                                        + " expected one of: Rollout"))
                .hasMessageStartingWith(canary + ":6: spec.replicas: must be an integer");
    }

    @Test
    void theModelIsImmutable() {
        RolloutSpec spec = SpecLoader.withDefaults().load(resource("argo/canary-istio.yaml"))
                .rollouts().get(0);
        TrafficRouting routing = ((CanaryStrategy) spec.strategy()).trafficRouting().orElseThrow();

        @SuppressWarnings("unchecked")
        Map<String, Object> vs = (Map<String, Object>) routing.config().get("virtualService");
        assertThatThrownBy(() -> vs.put("name", "other"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) vs.get("routes")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
