package dev.rollout.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.InvalidSpecException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every validation rule of the Rollout parser, with the exact {@code file:line: path: message}.
 * Specs are written from line 1 so that line numbers read off the text blocks.
 */
class RolloutValidationTest {

    private static final String HEAD = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: web
            spec:
            """; // lines 1-5; the spec body starts on line 6

    static List<String> problems(String yaml) {
        try {
            SpecLoader.withDefaults().loadString("r.yaml", yaml);
        } catch (InvalidSpecException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }

    /** Problems of a canary whose body (indented under canary:) starts on line 8. */
    static List<String> canary(String body) {
        return problems(HEAD + "  strategy:\n    canary:\n" + body.indent(6));
    }

    @Test
    void setWeightMustBeAPercentage() {
        assertThat(canary("""
                steps:
                - setWeight: 20
                - pause: {}
                - setWeight: 150
                - setWeight: "20"
                - setWeight: -1
                """)).containsExactly(
                "r.yaml:11: spec.strategy.canary.steps[2].setWeight: must be 0..100, was 150",
                "r.yaml:12: spec.strategy.canary.steps[3].setWeight: must be an integer,"
                        + " was a string \"20\"",
                "r.yaml:13: spec.strategy.canary.steps[4].setWeight: must be 0..100, was -1");
    }

    @Test
    void specialFloatsWhereAnIntegerIsExpectedAreLocatedErrors() {
        assertThat(problems(HEAD + """
                  replicas: .nan
                  strategy:
                    canary:
                      steps:
                      - setWeight: -.inf
                """)).containsExactly(
                "r.yaml:6: spec.replicas: must be an integer, was a number .nan",
                "r.yaml:10: spec.strategy.canary.steps[0].setWeight: must be an integer,"
                        + " was a number -.inf");
    }

    @Test
    void pauseDurations() {
        assertThat(canary("""
                steps:
                - pause: {duration: 5x}
                - pause: {duration: -5}
                - pause:
                - pause: {duration: true}
                - pause: {for: 10s}
                - pause: 30s
                """)).containsExactly(
                "r.yaml:9: spec.strategy.canary.steps[0].pause.duration: invalid duration \"5x\":"
                        + " unknown unit \"x\" (use ns, us, ms, s, m or h)",
                "r.yaml:10: spec.strategy.canary.steps[1].pause.duration: invalid duration \"-5\":"
                        + " must not be negative",
                "r.yaml:11: spec.strategy.canary.steps[2].pause: must be {} to pause until"
                        + " promoted, or {duration: 30s} to pause for a while",
                "r.yaml:12: spec.strategy.canary.steps[3].pause.duration: must be a duration such"
                        + " as 30s, 5m, 1h or a number of seconds, was a boolean true",
                "r.yaml:13: spec.strategy.canary.steps[4].pause.for: unknown field,"
                        + " expected one of: duration",
                "r.yaml:14: spec.strategy.canary.steps[5].pause: must be a mapping,"
                        + " was a string \"30s\"");
    }

    @Test
    void eachStepHasExactlyOneKnownType() {
        assertThat(canary("""
                steps:
                - setWeight: 10
                  pause: {}
                - {}
                - setWieght: 10
                - setWeight
                - experiment: {duration: 1h}
                - experiment:
                    templates:
                    - {name: Baseline, specRef: stable, replicas: 1}
                    - {name: canary, specRef: preview, weight: 10}
                """)).containsExactly(
                "r.yaml:9: spec.strategy.canary.steps[0]: must set exactly one of setWeight,"
                        + " pause, setCanaryScale, analysis, experiment, setHeaderRoute,"
                        + " setMirrorRoute, found setWeight and pause",
                "r.yaml:11: spec.strategy.canary.steps[1]: must set exactly one of setWeight,"
                        + " pause, setCanaryScale, analysis, experiment, setHeaderRoute,"
                        + " setMirrorRoute",
                "r.yaml:12: spec.strategy.canary.steps[2].setWieght: unknown field,"
                        + " did you mean setWeight?",
                "r.yaml:13: spec.strategy.canary.steps[3]: must be a mapping,"
                        + " was a string \"setWeight\"",
                "r.yaml:14: spec.strategy.canary.steps[4].experiment.templates: is required",
                "r.yaml:15: spec.strategy.canary.steps[5].experiment: needs a duration or at least one"
                        + " analysis, or it would never end",
                "r.yaml:17: spec.strategy.canary.steps[5].experiment.templates[0].name: must be a DNS label"
                        + " of at most 32 lowercase letters, digits and '-' (it names the side's revision),"
                        + " was \"Baseline\"",
                "r.yaml:18: spec.strategy.canary.steps[5].experiment.templates[1].weight: is not supported"
                        + " by rollout: an experiment side runs the stable or canary revision's own pods,"
                        + " sized by replicas",
                "r.yaml:18: spec.strategy.canary.steps[5].experiment.templates[1].specRef: must be stable"
                        + " or canary, was \"preview\"",
                "r.yaml:18: spec.strategy.canary.steps[5].experiment.templates[1].replicas: is required");
    }

    @Test
    void setCanaryScaleNeedsExactlyOneSettingAndARouter() {
        assertThat(canary("""
                steps:
                - setCanaryScale: {replicas: 2, weight: 10}
                - setCanaryScale: {matchTrafficWeight: false}
                - setCanaryScale: {weight: 101}
                """)).containsExactly(
                "r.yaml:9: spec.strategy.canary.steps[0].setCanaryScale: must set exactly one of"
                        + " replicas, weight or matchTrafficWeight: true",
                "r.yaml:9: spec.strategy.canary.steps[0].setCanaryScale: requires trafficRouting",
                "r.yaml:10: spec.strategy.canary.steps[1].setCanaryScale: must set exactly one of"
                        + " replicas, weight or matchTrafficWeight: true",
                "r.yaml:10: spec.strategy.canary.steps[1].setCanaryScale: requires trafficRouting",
                "r.yaml:11: spec.strategy.canary.steps[2].setCanaryScale.weight: must be 0..100,"
                        + " was 101",
                "r.yaml:11: spec.strategy.canary.steps[2].setCanaryScale: requires trafficRouting");
    }

    @Test
    void surgeAndUnavailability() {
        assertThat(canary("""
                maxSurge: 0
                maxUnavailable: "0%"
                """)).containsExactly(
                "r.yaml:8: spec.strategy.canary.maxSurge: maxSurge and maxUnavailable must not"
                        + " both be 0");
        assertThat(canary("""
                maxSurge: abc
                maxUnavailable: -1
                """)).containsExactly(
                "r.yaml:8: spec.strategy.canary.maxSurge: must be a number or a percentage such as"
                        + " 25%, was a string \"abc\"",
                "r.yaml:9: spec.strategy.canary.maxUnavailable: must be at least 0, was -1");
    }

    @Test
    void trafficRoutingHasExactlyOneRouterAndBothServices() {
        assertThat(canary("""
                trafficRouting:
                  istio: {virtualService: {name: vs}}
                  smi: {}
                """)).containsExactly(
                "r.yaml:8: spec.strategy.canary.trafficRouting: must configure exactly one traffic"
                        + " router, found istio and smi");
        assertThat(canary("""
                trafficRouting:
                  linkerd: {}
                """)).containsExactly(
                "r.yaml:9: spec.strategy.canary.trafficRouting.linkerd: unknown field, expected"
                        + " one of: istio, nginx, alb, smi, ambassador, appMesh, traefik, apisix,"
                        + " embedded, plugins, managedRoutes, maxTrafficWeight");
        assertThat(canary("""
                trafficRouting:
                  managedRoutes: [{name: header}]
                """)).containsExactly(
                "r.yaml:8: spec.strategy.canary.trafficRouting: must configure a traffic router:"
                        + " one of istio, nginx, alb, smi, ambassador, appMesh, traefik, apisix,"
                        + " embedded, or a plugin");
        assertThat(canary("""
                canaryService: web
                trafficRouting:
                  nginx: {stableIngress: web}
                """)).containsExactly(
                "r.yaml:7: spec.strategy.canary.stableService: is required with trafficRouting");
        assertThat(canary("""
                canaryService: web
                stableService: web
                """)).containsExactly(
                "r.yaml:8: spec.strategy.canary.canaryService: must differ from stableService,"
                        + " both are \"web\"");
    }

    @Test
    void routerSettingsAreChecked() {
        assertThat(canary("""
                canaryService: c
                stableService: s
                trafficRouting:
                  istio:
                    virtualService:
                      nmae: vs
                    maxTrafficWeight: 1000
                  maxTrafficWeight: 1000
                """)).containsExactly(
                "r.yaml:12: spec.strategy.canary.trafficRouting.istio.virtualService.name:"
                        + " is required",
                "r.yaml:13: spec.strategy.canary.trafficRouting.istio.virtualService.nmae: unknown"
                        + " field, did you mean name?",
                "r.yaml:14: spec.strategy.canary.trafficRouting.istio.maxTrafficWeight: unknown"
                        + " field, expected one of: virtualService, virtualServices, destinationRule",
                "r.yaml:15: spec.strategy.canary.trafficRouting.maxTrafficWeight: is not supported"
                        + " by rollout");
        assertThat(canary("""
                canaryService: c
                stableService: s
                trafficRouting:
                  alb: {ingress: web, servicePort: 70000}
                """)).containsExactly(
                "r.yaml:11: spec.strategy.canary.trafficRouting.alb.servicePort: must be 1..65535,"
                        + " was 70000");
        assertThat(canary("""
                trafficRouting:
                  plugins:
                    argoproj-labs/gatewayAPI: route-name
                """)).containsExactly(
                "r.yaml:10: spec.strategy.canary.trafficRouting.plugins[\"argoproj-labs/gatewayAPI\"]:"
                        + " must be a mapping of plugin settings, was a string \"route-name\"");
    }

    @Test
    void routerOnlyFieldsNeedARouter() {
        assertThat(canary("""
                dynamicStableScale: true
                scaleDownDelaySeconds: 30
                """)).containsExactly(
                "r.yaml:8: spec.strategy.canary.dynamicStableScale: requires trafficRouting",
                "r.yaml:8: spec.strategy.canary.dynamicStableScale: cannot be used together with"
                        + " scaleDownDelaySeconds",
                "r.yaml:9: spec.strategy.canary.scaleDownDelaySeconds: requires trafficRouting");
        assertThat(SpecLoader.withDefaults().loadString("r.yaml", HEAD
                + "  strategy: {canary: {dynamicStableScale: false}}\n").rollouts()).hasSize(1);
    }

    @Test
    void analysisReferences() {
        assertThat(canary("""
                steps:
                - setWeight: 10
                - analysis: {}
                - analysis: {templates: []}
                - analysis:
                    templates: [{template: a}]
                - analysis:
                    templates: [{templateName: a}]
                    args:
                    - {name: x, value: "1", valueFrom: {secretKeyRef: {name: s, key: k}}}
                    - {name: x}
                    - {name: y, value: 5}
                    - {name: z, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: w, valueFrom: {secretKeyRef: {name: s}}}
                    dryRun: [{metricName: m}]
                analysis:
                  templates: [{templateName: a}]
                  startingStep: 7
                """)).containsExactly(
                "r.yaml:10: spec.strategy.canary.steps[1].analysis.templates: is required",
                "r.yaml:11: spec.strategy.canary.steps[2].analysis.templates: must name at least"
                        + " one template",
                "r.yaml:13: spec.strategy.canary.steps[3].analysis.templates[0].template: unknown"
                        + " field, did you mean templateName?",
                "r.yaml:13: spec.strategy.canary.steps[3].analysis.templates[0].templateName:"
                        + " is required",
                "r.yaml:17: spec.strategy.canary.steps[4].analysis.args[0]: must set exactly one"
                        + " of value, valueFrom, found value and valueFrom",
                "r.yaml:18: spec.strategy.canary.steps[4].analysis.args[1]: duplicate arg \"x\","
                        + " first at line 17",
                "r.yaml:18: spec.strategy.canary.steps[4].analysis.args[1]: must set exactly one"
                        + " of value, valueFrom",
                "r.yaml:19: spec.strategy.canary.steps[4].analysis.args[2].value: must be a"
                        + " string, was a number 5 (quote it to make it a string)",
                "r.yaml:20: spec.strategy.canary.steps[4].analysis.args[3].valueFrom.fieldRef:"
                        + " is not supported by rollout",
                "r.yaml:21: spec.strategy.canary.steps[4].analysis.args[4].valueFrom.secretKeyRef"
                        + ".key: is required",
                "r.yaml:22: spec.strategy.canary.steps[4].analysis.dryRun: is not supported by"
                        + " rollout",
                "r.yaml:25: spec.strategy.canary.analysis.startingStep: must be 0..5, was 7");
    }

    @Test
    void strategyIsExactlyOneOfCanaryAndBlueGreen() {
        assertThat(problems(HEAD + "  replicas: 1\n")).containsExactly(
                "r.yaml:5: spec.strategy: is required");
        assertThat(problems(HEAD + """
                  strategy:
                    canary: {}
                    blueGreen: {activeService: a}
                """)).containsExactly(
                "r.yaml:6: spec.strategy: must set exactly one of canary, blueGreen, found canary"
                        + " and blueGreen");
        assertThat(problems(HEAD + "  strategy: {}\n")).containsExactly(
                "r.yaml:6: spec.strategy: must set exactly one of canary, blueGreen");
        assertThat(problems(HEAD + "  strategy: {rollingUpdate: {}}\n")).containsExactly(
                "r.yaml:6: spec.strategy.rollingUpdate: unknown field, expected one of: canary,"
                        + " blueGreen",
                "r.yaml:6: spec.strategy: must set exactly one of canary, blueGreen");
    }

    @Test
    void blueGreenFields() {
        assertThat(problems(HEAD + """
                  strategy:
                    blueGreen:
                      previewService: p
                      scaleDownDelaySeconds: -30
                      autoPromotionEnabled: "false"
                      previewReplicaCount: 1.5
                      postPromotionAnalysis: {templates: [{templateName: 7}]}
                """)).containsExactly(
                "r.yaml:7: spec.strategy.blueGreen.activeService: is required",
                "r.yaml:9: spec.strategy.blueGreen.scaleDownDelaySeconds: must be at least 0,"
                        + " was -30",
                "r.yaml:10: spec.strategy.blueGreen.autoPromotionEnabled: must be true or false,"
                        + " was a string \"false\"",
                "r.yaml:11: spec.strategy.blueGreen.previewReplicaCount: must be an integer,"
                        + " was a number 1.5",
                "r.yaml:12: spec.strategy.blueGreen.postPromotionAnalysis.templates[0]"
                        + ".templateName: must be a string, was a number 7 (quote it to make it a"
                        + " string)");
        assertThat(problems(HEAD + """
                  strategy:
                    blueGreen: {activeService: svc, previewService: svc}
                """)).containsExactly(
                "r.yaml:7: spec.strategy.blueGreen.previewService: must differ from"
                        + " activeService, both are \"svc\"");
    }

    @Test
    void metadataAndTopLevelSpec() {
        assertThat(problems("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata:
                  namespace: Prod_1
                  labels: {tier: 1}
                spec:
                  replicas: -1
                  progressDeadlineSeconds: 0
                  rollbackWindow: {revisions: 1}
                  selector: app=web
                  strategy: {blueGreen: {activeService: a}}
                """)).containsExactly(
                "r.yaml:3: metadata.name: is required",
                "r.yaml:4: metadata.namespace: must be a DNS-1123 label (lower-case letters,"
                        + " digits and '-'), was \"Prod_1\"",
                "r.yaml:5: metadata.labels.tier: must be a string, was a number 1 (quote it to"
                        + " make it a string)",
                "r.yaml:7: spec.replicas: must be at least 0, was -1",
                "r.yaml:8: spec.progressDeadlineSeconds: must be at least 1, was 0",
                "r.yaml:9: spec.rollbackWindow: is not supported by rollout",
                "r.yaml:10: spec.selector: must be a mapping, was a string \"app=web\"");
        assertThat(problems(HEAD.replace("name: web", "name: My_App") + """
                  minReadySeconds: 700
                  strategy: {blueGreen: {activeService: a}}
                """)).containsExactly(
                "r.yaml:4: metadata.name: must be a DNS-1123 subdomain (lower-case letters,"
                        + " digits, '-' and '.'), was \"My_App\"",
                "r.yaml:6: spec.minReadySeconds: progressDeadlineSeconds (600) must be greater"
                        + " than minReadySeconds (700)");
    }

    @Test
    void unknownFieldsAtEveryDepth() {
        assertThat(problems("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web, label: {a: b}}
                specs: {}
                spec:
                  replica: 3
                  strategy:
                    canary:
                      step: []
                      analysis:
                        templates: [{templateName: a, clusterscope: true}]
                """)).containsExactly(
                "r.yaml:3: metadata.label: unknown field, did you mean labels?",
                "r.yaml:4: specs: unknown field, did you mean spec?",
                "r.yaml:6: spec.replica: unknown field, did you mean replicas?",
                "r.yaml:9: spec.strategy.canary.step: unknown field, did you mean steps?",
                "r.yaml:11: spec.strategy.canary.analysis.templates[0].clusterscope: unknown"
                        + " field, did you mean clusterScope?");
    }

    @Test
    void wrongShapesNeverThrowAnythingButTheSpecException() {
        assertThat(problems(HEAD.replace("spec:\n", "spec: 5\n"))).containsExactly(
                "r.yaml:5: spec: must be a mapping, was a number 5");
        assertThat(problems(HEAD + "  strategy: {canary: {steps: {setWeight: 5}}}\n"))
                .containsExactly("r.yaml:6: spec.strategy.canary.steps: must be a list,"
                        + " was a mapping");
        assertThat(problems(HEAD + "  strategy: {canary: [1]}\n")).containsExactly(
                "r.yaml:6: spec.strategy.canary: must be a mapping, was a list");
        assertThat(problems("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: []\n"))
                .containsExactly("r.yaml:1: spec: is required",
                        "r.yaml:3: metadata: must be a mapping, was a list");
    }

    @Test
    void unknownKindsAreRejectedByTheDefaultLoader() {
        assertThat(problems("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollouts
                metadata: {name: web}
                """)).containsExactly(
                "r.yaml:2: kind: unsupported kind \"Rollouts\", expected one of: Rollout");
        assertThat(problems("""
                apiVersion: apps/v1
                kind: Rollout
                """)).containsExactly(
                "r.yaml:1: apiVersion: unsupported apiVersion \"apps/v1\" for kind Rollout,"
                        + " expected argoproj.io/v1alpha1");
    }
}
