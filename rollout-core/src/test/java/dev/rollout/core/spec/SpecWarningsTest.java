package dev.rollout.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accepted fields that a user might expect an effect from are warned about, never failing the load. */
class SpecWarningsTest {
    private static final String HEAD = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: web
            spec:
            """; // lines 1-5; the spec body starts on line 6

    private static List<String> warnings(String body) {
        LoadedSpecs specs = SpecLoader.withDefaults().loadString("r.yaml", HEAD + body);
        assertThat(specs.rollouts()).hasSize(1);
        return specs.warnings().stream().map(Object::toString).toList();
    }

    @Test
    void rolloutLevelFieldsWithoutEffectAreWarnedAboutWithFileLineAndField() {
        assertThat(warnings("""
                  paused: true
                  minReadySeconds: 10
                  revisionHistoryLimit: 3
                  restartAt: "2024-01-01T00:00:00Z"
                  selector: {matchLabels: {app: web}}
                  template: {metadata: {labels: {app: web}}}
                  strategy:
                    canary:
                      steps: [{setWeight: 20}]
                """)).containsExactly(
                "r.yaml:6: spec.paused: is accepted but not acted upon: the rollout starts at once;"
                        + " pause it with the pause action or a pause step",
                "r.yaml:7: spec.minReadySeconds: is accepted but not acted upon: a pod counts as"
                        + " available as soon as the cluster target reports it ready",
                "r.yaml:8: spec.revisionHistoryLimit: is accepted but not acted upon: the old"
                        + " revision is removed once the new one is promoted",
                "r.yaml:9: spec.restartAt: is accepted but not acted upon: pods are not restarted");
    }

    @Test
    void strategyFieldsWithoutEffectAreWarnedAbout() {
        assertThat(warnings("""
                  strategy:
                    canary:
                      antiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: {weight: 1}}
                      canaryMetadata: {labels: {role: canary}}
                      trafficRouting: {nginx: {stableIngress: web}}
                      canaryService: web-canary
                      stableService: web-stable
                      minPodsPerReplicaSet: 2
                """)).extracting(w -> w.substring(0, w.indexOf(": is accepted"))).containsExactly(
                "r.yaml:8: spec.strategy.canary.antiAffinity",
                "r.yaml:9: spec.strategy.canary.canaryMetadata",
                "r.yaml:13: spec.strategy.canary.minPodsPerReplicaSet");
        assertThat(warnings("""
                  strategy:
                    blueGreen:
                      activeService: web
                      maxUnavailable: 1
                      previewMetadata: {labels: {role: preview}}
                """)).extracting(w -> w.substring(0, w.indexOf(": is accepted"))).containsExactly(
                "r.yaml:9: spec.strategy.blueGreen.maxUnavailable",
                "r.yaml:10: spec.strategy.blueGreen.previewMetadata");
    }

    @Test
    void normalFieldsAndPausedFalseAreNotWarnedAbout() {
        assertThat(warnings("""
                  paused: false
                  minReadySeconds: 0
                  selector: {matchLabels: {app: web}}
                  template: {metadata: {labels: {app: web}}}
                  strategy: {canary: {steps: [{setWeight: 20}]}}
                """)).isEmpty();
    }

    @Test
    void warningsNeverTurnIntoProblemsAndProblemsStillFail() {
        assertThatThrownBy(() -> SpecLoader.withDefaults().loadString("r.yaml", HEAD + """
                  paused: true
                  replicas: -1
                  strategy: {canary: {}}
                """)).isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.problems())
                .extracting(Object::toString).singleElement().asString()
                .startsWith("r.yaml:7: spec.replicas:"));
    }
}
