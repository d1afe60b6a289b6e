package dev.rollout.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.CanaryStrategy;
import org.junit.jupiter.api.Test;

/** {@code spec.strategy.canary.scaleDownDelaySeconds}: read, defaulted and checked. */
class CanaryScaleDownDelayParsingTest {
    private static final String ROUTED = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: web
            spec:
              strategy:
                canary:
                  trafficRouting: {nginx: {stableIngress: web}}
                  canaryService: web-canary
                  stableService: web-stable
            """;

    private static CanaryStrategy load(String yaml) {
        return (CanaryStrategy) SpecLoader.withDefaults().loadString("r.yaml", yaml).rollouts().get(0)
                .strategy();
    }

    @Test
    void isReadWhenSet() {
        assertThat(load(ROUTED + "      scaleDownDelaySeconds: 120\n").scaleDownDelaySeconds()).isEqualTo(120);
        assertThat(load(ROUTED + "      scaleDownDelaySeconds: 0\n").scaleDownDelaySeconds()).isZero();
    }

    @Test
    void defaultsToThirtySecondsAsInArgo() {
        assertThat(load(ROUTED).scaleDownDelaySeconds()).isEqualTo(30);
    }

    @Test
    void mustNotBeNegative() {
        assertThat(RolloutValidationTest.problems(ROUTED + "      scaleDownDelaySeconds: -5\n"))
                .singleElement().asString()
                .startsWith("r.yaml:11: spec.strategy.canary.scaleDownDelaySeconds: must be at least 0");
    }
}
