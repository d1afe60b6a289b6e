package dev.rollout.examples.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The malformed specs of {@link MalformedSpecCorpusTest}: mutations of its valid base, one each,
 * and hand-written files no mutation of a valid spec produces.
 */
final class MalformedSpecs {
    private final Map<String, String> cases = new LinkedHashMap<>();

    private MalformedSpecs() {
    }

    /** Name to mutated text, in a stable order. */
    static Map<String, String> mutations() {
        MalformedSpecs m = new MalformedSpecs();
        m.types();
        m.durations();
        m.unknownFieldsAndSteps();
        m.conditions();
        m.referencesAndArgs();
        m.templates();
        m.documents();
        return m.cases;
    }

    /** Replaces the one occurrence of {@code target} in the base; fails if it is not unique. */
    private void mutate(String name, String target, String replacement) {
        String base = MalformedSpecCorpusTest.BASE;
        int at = base.indexOf(target);
        if (at < 0 || base.indexOf(target, at + 1) >= 0) {
            throw new AssertionError(name + ": \"" + target + "\" must occur exactly once in the base");
        }
        if (cases.put(name, base.substring(0, at) + replacement + base.substring(at + target.length())) != null) {
            throw new AssertionError("duplicate case " + name);
        }
    }

    private void each(String field, String target, String prefix, String... values) {
        for (String value : values) {
            mutate(field + "=" + value, target, prefix + value);
        }
    }

    private void types() {
        each("replicas", "replicas: 4", "replicas: ", "-1", "1.5", "five", "[4]", "{n: 4}",
                "99999999999999999999", "true", "'4'", ".nan", ".inf");
        for (String value : new String[] {"-1", "x", "2.5"}) {
            mutate("revisionHistoryLimit=" + value, "progressDeadlineSeconds: 600",
                    "revisionHistoryLimit: " + value + "\n  progressDeadlineSeconds: 600");
        }
        each("progressDeadlineSeconds", "progressDeadlineSeconds: 600", "progressDeadlineSeconds: ",
                "0", "-5", "10m", "1.5", "[600]");
        each("maxSurge", "maxSurge: 1", "maxSurge: ", "-1", "abc", "25 %", "1.5", "[1]", "'%'");
        each("maxUnavailable", "maxUnavailable: 0", "maxUnavailable: ", "-1", "x%", "2.5", "{a: 1}");
        mutate("maxSurge and maxUnavailable both 0", "maxSurge: 1", "maxSurge: 0");
        each("setWeight", "- setWeight: 25", "- setWeight: ", "150", "-5", "ten", "1.5", "[25]", "",
                "101", "true");
        each("count", "count: 3", "count: ", "-1", "x", "1.5", "[3]");
        each("failureLimit", "failureLimit: 1", "failureLimit: ", "-2", "x", "0.5");
        mutate("consecutiveErrorLimit=-1", "failureLimit: 1", "failureLimit: 1\n    consecutiveErrorLimit: -1");
        mutate("inconclusiveLimit=x", "failureLimit: 1", "failureLimit: 1\n    inconclusiveLimit: x");
        mutate("dryRun=yes-please", "failureLimit: 1", "failureLimit: 1\n    dryRun: yes-please");
    }

    private void durations() {
        each("pause.duration", "- pause: {duration: 30s}", "- pause: {duration: ",
                "5 minutes}", "-1s}", "1x}", "[]}", "{}}", "1h30}", "s}", "30ss}", "99999999999999h}");
        mutate("pause scalar", "- pause: {duration: 30s}", "- pause: 30s");
        mutate("pause null", "- pause: {duration: 30s}", "- pause:");
        mutate("pause list", "- pause: {duration: 30s}", "- pause: [30s]");
        mutate("pause unknown field", "- pause: {duration: 30s}", "- pause: {durration: 30s}");
        each("interval", "interval: 1m", "interval: ", "abc", "-1m", "1 m", "[1m]", "m");
        mutate("initialDelay=soon", "interval: 1m", "interval: 1m\n    initialDelay: soon");
    }

    private void unknownFieldsAndSteps() {
        mutate("unknown spec field", "progressDeadlineSeconds: 600", "progressDeadlineSecond: 600");
        mutate("unknown strategy", "  strategy:\n    canary:", "  strategy:\n    canery:");
        mutate("two strategies", "  strategy:\n    canary:", "  strategy:\n    blueGreen: {activeService: a}\n    canary:");
        mutate("no strategy", "  strategy:\n    canary:", "  strategi:\n    canary:");
        mutate("unknown canary field", "maxUnavailable: 0", "maxUnavailable: 0\n      stepz: []");
        mutate("unknown metadata field", "  name: demo\n", "  nam: demo\n");
        mutate("unknown metric field", "interval: 1m", "intervl: 1m");
        mutate("unknown provider", "    provider:\n      web:", "    provider:\n      webb:");
        mutate("unknown web field", "jsonPath:", "jsonpath:");
        mutate("misspelt successCondition", "successCondition:", "sucessCondition:");
        mutate("unknown step", "- setWeight: 25", "- setWait: 25");
        mutate("unknown step type", "- setWeight: 25", "- rollback: {}");
        mutate("experiment step", "- setWeight: 25", "- experiment: {templates: []}");
        mutate("setHeaderRoute step", "- setWeight: 25", "- setHeaderRoute: {name: h}");
        mutate("setMirrorRoute step", "- setWeight: 25", "- setMirrorRoute: {name: m}");
        mutate("empty step", "- setWeight: 25", "- {}");
        mutate("scalar step", "- setWeight: 25", "- 25");
        mutate("list step", "- setWeight: 25", "- [setWeight, 25]");
        mutate("two actions in a step", "- setWeight: 25", "- setWeight: 25\n        pause: {}");
        mutate("setCanaryScale with setWeight", "- setWeight: 25",
                "- setWeight: 25\n        setCanaryScale: {replicas: 1}");
        mutate("setCanaryScale without routing", "- setWeight: 25", "- setCanaryScale: {replicas: 1}");
        mutate("setCanaryScale two fields", "- setWeight: 25", "- setCanaryScale: {replicas: 1, weight: 5}");
        mutate("steps not a list", "      steps:\n      - setWeight: 25", "      steps: {setWeight: 25}\n      stepsx:\n      - setWeight: 25");
        mutate("pingPong", "maxUnavailable: 0", "maxUnavailable: 0\n      pingPong: {pingService: a, pongService: b}");
        mutate("dynamicStableScale without routing", "maxUnavailable: 0", "maxUnavailable: 0\n      dynamicStableScale: true");
        mutate("unknown router", "maxUnavailable: 0", "maxUnavailable: 0\n      trafficRouting: {haproxy: {}}");
        mutate("two routers", "maxUnavailable: 0", "maxUnavailable: 0\n      canaryService: c\n      stableService: s\n"
                + "      trafficRouting: {nginx: {stableIngress: i}, smi: {}}");
        mutate("router without services", "maxUnavailable: 0", "maxUnavailable: 0\n      trafficRouting: {nginx: {stableIngress: i}}");
        mutate("istio without virtualService", "maxUnavailable: 0", "maxUnavailable: 0\n      canaryService: c\n"
                + "      stableService: s\n      trafficRouting: {istio: {}}");
        mutate("same canary and stable service", "maxUnavailable: 0", "maxUnavailable: 0\n      canaryService: c\n"
                + "      stableService: c\n      trafficRouting: {nginx: {stableIngress: i}}");
    }

    private void conditions() {
        String[] bad = {
            "result[0] >=", "result <", "result = 1", "result & true", "result | true", "result >= 0.95)",
            "(result >= 0.95", "result[0 >= 1", "result == \"ok", "reslt > 1", "size(result) == 0",
            "len > 1", "len(result, 2)", "default(result)", "# > 1", "all(result {# > 1})",
            "all(result, {# > 1)", "result >= 1.5.2", "result > 1e", "result > 12abc",
            "result > 99999999999999999999", "result and", "and result", "result > 1 ? 2",
            "result. > 1", ".x > 1", "result >= 0.95 result", "result @ 1", "result >>= 1",
            "(".repeat(500) + "1" + ")".repeat(500), "result" + "[0]".repeat(300),
            "result" + "[0]".repeat(3_000), "1" + "+1".repeat(1_500), "1" + "+1".repeat(100_000),
            "len(".repeat(300) + "result" + ")".repeat(300), "!".repeat(300) + "true",
        };
        for (int i = 0; i < bad.length; i++) {
            String name = "condition " + i + ": " + (bad[i].length() > 30 ? bad[i].substring(0, 30) + "..." : bad[i]);
            mutate(name, "successCondition: result >= 0.95",
                    "successCondition: '" + bad[i].replace("'", "''") + "'");
        }
        mutate("condition not a string", "successCondition: result >= 0.95", "successCondition: [result]");
        mutate("failureCondition bad", "successCondition: result >= 0.95",
                "successCondition: result >= 0.95\n    failureCondition: 'result <'");
    }

    private void referencesAndArgs() {
        mutate("missing template", "- templateName: success-rate", "- templateName: succes-rate");
        mutate("empty templateName", "- templateName: success-rate", "- templateName: ''");
        mutate("no templates", "          templates:\n          - templateName: success-rate",
                "          templates: []");
        mutate("cluster template missing", "- templateName: success-rate",
                "- templateName: success-rate\n            clusterScope: true");
        mutate("arg not supplied", "          args:\n          - name: service\n            value: demo",
                "          argz: []");
        mutate("arg without name", "          - name: service\n            value: demo",
                "          - value: demo");
        mutate("arg twice", "          - name: service\n            value: demo",
                "          - name: service\n            value: demo\n          - name: service\n            value: x");
        mutate("template arg without name", "  args:\n  - name: service\n  metrics:",
                "  args:\n  - value: x\n  metrics:");
        mutate("template arg twice", "  args:\n  - name: service\n  metrics:",
                "  args:\n  - name: service\n  - name: service\n  metrics:");
        mutate("undeclared placeholder", "service={{args.service}}", "service={{args.servise}}");
        mutate("secret arg without key", "  args:\n  - name: service\n  metrics:",
                "  args:\n  - name: service\n  - name: token\n    valueFrom: {secretKeyRef: {name: s}}\n  metrics:");
        mutate("analysis step empty", "      - analysis:\n          templates:", "      - analysis: {}\n        x:\n          templates:");
    }

    private void templates() {
        mutate("no metrics", "  metrics:\n  - name: success-rate", "  metrics: []\n  metricz:\n  - name: success-rate");
        mutate("metrics a map", "  metrics:\n  - name: success-rate", "  metrics: {name: success-rate}\n  metricz:\n  - name: success-rate");
        mutate("metric without name", "  - name: success-rate\n", "  - interval: 2m\n");
        mutate("metric without provider", "    provider:\n      web:", "    providr:\n      web:");
        mutate("empty provider", "    provider:\n      web:\n", "    provider: {}\n    x:\n      web:\n");
        mutate("two providers", "    provider:\n      web:", "    provider:\n      job: {spec: {}}\n      web:");
        mutate("web url missing", "        url: \"http://localhost:8080/rate?service={{args.service}}\"\n", "");
        mutate("web url ftp", "url: \"http://localhost:8080/rate?service={{args.service}}\"", "url: ftp://localhost/rate");
        mutate("web method", "        jsonPath: \"{$.rate}\"", "        jsonPath: \"{$.rate}\"\n        method: DELETE");
        mutate("web timeout", "        jsonPath: \"{$.rate}\"", "        jsonPath: \"{$.rate}\"\n        timeoutSeconds: -3");
        mutate("web headers map", "        jsonPath: \"{$.rate}\"", "        jsonPath: \"{$.rate}\"\n        headers: {a: b}");
        mutate("web authentication", "        jsonPath: \"{$.rate}\"",
                "        jsonPath: \"{$.rate}\"\n        authentication: {oauth2: {tokenUrl: x}}");
        mutate("duplicate metric", "    successCondition: result >= 0.95\n",
                "    successCondition: result >= 0.95\n  - name: success-rate\n    successCondition: result > 1\n"
                        + "    provider: {web: {url: \"http://localhost/\"}}\n");
        mutate("duplicate template", "kind: AnalysisTemplate\nmetadata:\n  name: success-rate\n",
                "kind: AnalysisTemplate\nmetadata:\n  name: success-rate\n  namespace: shop\nspec: {metrics: []}\n---\n"
                        + "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: success-rate\n");
    }

    private void documents() {
        mutate("kind typo", "kind: Rollout", "kind: Rolout");
        mutate("kind missing", "kind: Rollout\n", "");
        mutate("apiVersion v2", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout",
                "apiVersion: argoproj.io/v2\nkind: Rollout");
        mutate("apiVersion missing", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout", "kind: Rollout");
        mutate("kind a list", "kind: AnalysisTemplate", "kind: [AnalysisTemplate]");
        mutate("name empty", "  name: demo\n", "  name: ''\n");
        mutate("name invalid", "  name: demo\n", "  name: Demo_App!\n");
        mutate("metadata missing", "metadata:\n  name: demo\n  namespace: shop\n", "");
        mutate("duplicate key", "  replicas: 4\n", "  replicas: 4\n  replicas: 5\n");
        mutate("tab indentation", "  replicas: 4\n", "\treplicas: 4\n");
        mutate("unclosed quote", "image: demo:2", "image: \"demo:2");
        mutate("bad indentation", "  replicas: 4\n", "   replicas: 4\n");
        mutate("unclosed flow list", "- pause: {duration: 30s}", "- pause: {duration: [30s}");
        mutate("document a list", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n",
                "- a\n---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\n");
        mutate("document a scalar", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n",
                "just text\n---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\n");
        mutate("control character", "image: demo:2", "image: demo\u0007:2");
        mutate("spec a list", "spec:\n  replicas: 4", "spec:\n- replicas: 4");
        mutate("anchor and alias", "  replicas: 4\n", "  replicas: &r 4\n  revisionHistoryLimt: *r\n");
        mutate("merge key alias", "  selector:\n", "  x: &base {a: 1}\n  y:\n    <<: *base\n  selector:\n");
    }

    /** Files no single mutation of a valid spec gives: bombs, depth, size, binary, encodings. */
    static List<MalformedSpecCorpusTest.Case> handWritten() {
        List<MalformedSpecCorpusTest.Case> cases = new ArrayList<>();
        cases.add(text("billion laughs", billionLaughs()));
        cases.add(text("alias of a step", MalformedSpecCorpusTest.BASE.replace("- setWeight: 50",
                "- &s {setWeight: 50}\n      - *s")));
        cases.add(text("deep flow nesting", "a: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n"));
        StringBuilder block = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            block.append(" ".repeat(i)).append("k:\n");
        }
        cases.add(text("deep block nesting", block.toString()));
        cases.add(text("deep spec nesting", MalformedSpecCorpusTest.BASE.replace("    app: demo\n  template:",
                "    app: demo\n    x: " + "{a: ".repeat(300) + "1" + "}".repeat(300) + "\n  template:")));
        cases.add(text("5 MB file", MalformedSpecCorpusTest.BASE + ("#" + "x".repeat(1023) + "\n").repeat(5 * 1024)));
        cases.add(text("10 MB annotation", MalformedSpecCorpusTest.BASE.replace("  namespace: shop\nspec:\n  replicas",
                "  namespace: shop\n  annotations:\n    big: \"" + "x".repeat(10 * 1024 * 1024) + "\"\nspec:\n  replicas")));
        cases.add(text("300k line", MalformedSpecCorpusTest.BASE.replace("  namespace: shop\nspec:\n  replicas",
                "  namespace: shop\n  annotations:\n    big: \"" + "x".repeat(300_000) + "\"\nspec:\n  replicas")));
        Random random = new Random(13);
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        noise[7] = 0;
        cases.add(bytes("random bytes", noise));
        cases.add(bytes("png header", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13}));
        cases.add(bytes("gzip header", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3}));
        cases.add(bytes("only NULs", new byte[64]));
        cases.add(bytes("utf-16", MalformedSpecCorpusTest.BASE.getBytes(StandardCharsets.UTF_16)));
        cases.add(bytes("latin-1", "kind: Rollout\nmetadata: {name: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1)));
        cases.add(bytes("invalid utf-8 sequence", concat("kind: Rollout\nx: ", new byte[] {(byte) 0xC3, 0x28})));
        cases.add(bytes("lone continuation byte", concat("kind: Rollout\nx: ", new byte[] {(byte) 0x80})));
        cases.add(bytes("overlong utf-8", concat("kind: Rollout\nx: ", new byte[] {(byte) 0xC0, (byte) 0xAF})));
        cases.add(bytes("truncated utf-8", concat("kind: Rollout\nx: ", new byte[] {(byte) 0xE2, (byte) 0x82})));
        cases.add(bytes("utf-8 surrogate", concat("kind: Rollout\nx: ", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})));
        return cases;
    }

    private static String billionLaughs() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char previous = 'a';
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
            previous = c;
        }
        return bomb.toString();
    }

    private static MalformedSpecCorpusTest.Case text(String name, String content) {
        return new MalformedSpecCorpusTest.Case(name, () -> content.getBytes(StandardCharsets.UTF_8));
    }

    private static MalformedSpecCorpusTest.Case bytes(String name, byte[] content) {
        return new MalformedSpecCorpusTest.Case(name, content::clone);
    }

    private static byte[] concat(String head, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(tail);
        out.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
