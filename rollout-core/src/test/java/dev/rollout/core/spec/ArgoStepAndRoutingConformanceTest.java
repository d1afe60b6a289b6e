package dev.rollout.core.spec;

import static dev.rollout.core.spec.RolloutValidationTest.canary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutSpec;
import org.junit.jupiter.api.Test;

/** Where Argo accepts more than a first reading of its schema suggests: subsets, shared steps. */
class ArgoStepAndRoutingConformanceTest {

    @Test
    void istioSubsetRoutingNeedsNoServices() {
        RolloutSpec spec = SpecLoader.withDefaults().loadString("r.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata:
                  name: web
                spec:
                  strategy:
                    canary:
                      trafficRouting:
                        istio:
                          virtualService: {name: vs, routes: [primary]}
                          destinationRule: {name: dr, canarySubsetName: canary, stableSubsetName: stable}
                      steps:
                      - setWeight: 10
                """).rollouts().get(0);

        CanaryStrategy canary = (CanaryStrategy) spec.strategy();
        assertThat(canary.trafficRouting()).hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo("istio"));
        assertThat(canary.canaryService()).isEmpty();
        assertThat(canary.stableService()).isEmpty();
    }

    @Test
    void istioHostRoutingStillNeedsBothServices() {
        assertThat(canary("""
                trafficRouting:
                  istio: {virtualService: {name: vs}}
                """)).containsExactly(
                "r.yaml:7: spec.strategy.canary.canaryService: is required with trafficRouting",
                "r.yaml:7: spec.strategy.canary.stableService: is required with trafficRouting");
    }

    @Test
    void setCanaryScaleSharingAStepIsNamedUnsupportedWithTheWayToWriteIt() {
        assertThat(canary("""
                canaryService: c
                stableService: s
                trafficRouting:
                  nginx: {stableIngress: web}
                steps:
                - setWeight: 20
                  setCanaryScale: {replicas: 1}
                """)).containsExactly("r.yaml:13: spec.strategy.canary.steps[0]: unsupported:"
                + " setCanaryScale together with setWeight in one step (Argo allows it); write two"
                + " steps, setCanaryScale first, then setWeight, which reach the same state");
    }

    @Test
    void twoActionsArgoRefusesTogetherAreStillOneProblem() {
        assertThat(canary("""
                steps:
                - setWeight: 20
                  pause: {}
                """)).singleElement().asString()
                .contains("spec.strategy.canary.steps[0]: must set exactly one of")
                .endsWith("found setWeight and pause");
    }
}
