package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Simulates the Argo Rollouts controller for canary {@code rollouts.argoproj.io}, one step per tick,
 * with the status fields Argo uses: {@code currentPodHash}, {@code stableRS},
 * {@code currentStepIndex}, {@code currentStepHash}, {@code phase}/{@code message},
 * {@code pauseConditions}, {@code controllerPause}, {@code abort}/{@code abortedAt},
 * {@code observedGeneration} (a string, as in Argo), replica counts, {@code selector} and, when
 * {@code spec.strategy.canary.trafficRouting} is set, {@code canary.weights}.
 *
 * <p>The first revision becomes stable at once. A new pod template starts at step 0. Each tick
 * handles the current step: {@code setWeight} applies and completes; {@code pause} adds a
 * {@code CanaryPauseStep} pause condition with {@code controllerPause: true}, and completes when
 * its duration has passed on the server clock or when the pause condition was removed (what
 * {@code kubectl argo rollouts promote} does, with or without {@code controllerPause: false}; a
 * promote that also sets {@code currentStepIndex} moves to that step). Setting
 * {@code controllerPause: false} alone does not unpause, as in Argo. Other
 * steps (analysis, setCanaryScale, experiment) complete at once. After the last step the new
 * revision becomes stable (phase Healthy). {@code status.promoteFull: true} promotes at once;
 * {@code status.abort: true} sends the weight to 0, sets currentStepIndex 0 and phase Degraded with
 * "RolloutAborted: Rollout aborted update to revision N"; clearing it (retry) restarts at step 0;
 * {@code spec.paused} pauses. Pods are not simulated: every replica is ready at once, canary
 * replicas are ceil(replicas * weight / 100) and stable ones stay at spec.replicas.
 */
public final class ArgoRolloutsController implements FakeController {
    private static final String REVISION = "rollout.argoproj.io/revision";

    private final FakeKubeApiServer server;
    private volatile boolean enabled;
    /** The step index each rollout revision was paused at by this controller (Argo keeps it implicit). */
    private final Map<String, Integer> pausedAt = new java.util.concurrent.ConcurrentHashMap<>();

    ArgoRolloutsController(FakeKubeApiServer server) {
        this.server = server;
    }

    /**
     * Turns this controller on. It is off by default, so that tests bringing their own Argo
     * stand-in (via {@link FakeKubeApiServer#addController}) are not disturbed.
     */
    public ArgoRolloutsController enable() {
        this.enabled = true;
        return this;
    }

    /** Turns this controller off again. */
    public ArgoRolloutsController disable() {
        this.enabled = false;
        return this;
    }

    @Override
    public synchronized void reconcile() {
        if (!enabled) {
            return;
        }
        ResourceType type = server.type("argoproj.io/v1alpha1", "rollouts");
        for (ObjectNode r : server.store().list(type, null)) {
            server.store().mutate(type, r.path("metadata").path("namespace").asText(),
                    r.path("metadata").path("name").asText(), this::step);
        }
    }

    private ObjectNode step(ObjectNode r) {
        ObjectNode status = r.withObjectProperty("status");
        String now = server.store().now();
        JsonNode steps = r.path("spec").path("strategy").path("canary").path("steps");
        int stepCount = steps.size();
        String hash = FakeJson.hash(r.path("spec").path("template"));
        int revision = r.path("metadata").path("annotations").path(REVISION).asInt(0);
        status.put("observedGeneration", Long.toString(r.path("metadata").path("generation").asLong(1)));
        status.put("currentStepHash", FakeJson.hash(steps));
        if (!hash.equals(status.path("currentPodHash").asText())) {
            r.withObjectProperty("metadata").withObjectProperty("annotations").put(REVISION, Integer.toString(++revision));
            status.put("currentPodHash", hash);
            status.remove("pauseConditions");
            status.put("controllerPause", false);
            status.put("abort", false);
            status.remove("abortedAt");
            if (!status.hasNonNull("stableRS")) {
                status.put("stableRS", hash);
                status.put("currentStepIndex", stepCount);
                return finishStatus(r, status, 0, "Healthy", "");
            }
            status.put("currentStepIndex", 0);
        }
        boolean promoted = hash.equals(status.path("stableRS").asText());
        if (status.path("promoteFull").asBoolean(false) && !promoted) {
            return promote(r, status, stepCount);
        }
        status.remove("promoteFull");
        if (status.path("abort").asBoolean(false) && !promoted) {
            if (!status.has("abortedAt")) {
                status.put("abortedAt", now);
            }
            status.put("currentStepIndex", 0);
            status.remove("pauseConditions");
            status.put("controllerPause", false);
            pausedAt.remove(pauseKey(r, hash));
            return finishStatus(r, status, 0, "Degraded",
                    "RolloutAborted: Rollout aborted update to revision " + revision);
        }
        if (promoted) {
            return finishStatus(r, status, 0, phaseWhenPausedOr(r, status, "Healthy"), pausedMessage(r, status, ""));
        }
        int index = status.path("currentStepIndex").asInt(0);
        if (r.path("spec").path("paused").asBoolean(false)) {
            return finishStatus(r, status, weightBefore(steps, index), "Paused", "manually paused");
        }
        if (index >= stepCount) {
            return promote(r, status, stepCount);
        }
        JsonNode current = steps.get(index);
        if (current.has("setWeight")) {
            status.put("currentStepIndex", index + 1);
        } else if (current.has("pause")) {
            String key = pauseKey(r, hash);
            boolean hasCondition = status.path("pauseConditions").size() > 0;
            if (!Integer.valueOf(index).equals(pausedAt.get(key))) {
                ArrayNode conditions = status.putArray("pauseConditions");
                conditions.addObject().put("reason", "CanaryPauseStep").put("startTime", now);
                status.put("controllerPause", true);
                pausedAt.put(key, index);
            } else if (!hasCondition || durationPassed(current.get("pause"), status)) {
                status.remove("pauseConditions");
                status.put("controllerPause", false);
                status.put("currentStepIndex", index + 1);
                pausedAt.remove(key);
            }
        } else {
            status.put("currentStepIndex", index + 1);
        }
        if (!current.has("pause") && status.path("pauseConditions").isEmpty()) {
            // A promote that moved currentStepIndex itself leaves no pause to finish.
            status.put("controllerPause", false);
        }
        int weight = weightBefore(steps, status.path("currentStepIndex").asInt());
        return finishStatus(r, status, weight, phaseWhenPausedOr(r, status, "Progressing"),
                pausedMessage(r, status, "more replicas need to be updated"));
    }

    private ObjectNode promote(ObjectNode r, ObjectNode status, int stepCount) {
        pausedAt.remove(pauseKey(r, status.path("currentPodHash").asText()));
        status.put("stableRS", status.path("currentPodHash").asText());
        status.put("currentStepIndex", stepCount);
        status.remove("pauseConditions");
        status.put("controllerPause", false);
        status.remove("promoteFull");
        status.put("abort", false);
        return finishStatus(r, status, 0, "Healthy", "");
    }

    private static String pauseKey(JsonNode r, String hash) {
        return r.path("metadata").path("namespace").asText() + "/" + r.path("metadata").path("name").asText() + "/"
                + hash;
    }

    private boolean durationPassed(JsonNode pause, ObjectNode status) {
        if (!pause.has("duration")) {
            return false;
        }
        Instant start = Instant.parse(status.path("pauseConditions").path(0).path("startTime").asText());
        return !server.clock().instant().isBefore(start.plus(parseDuration(pause.get("duration").asText())));
    }

    /** Argo's pause durations: a bare number of seconds or a number with s, m or h. */
    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("bad pause duration: " + text);
        };
    }

    private static String phaseWhenPausedOr(JsonNode r, JsonNode status, String otherwise) {
        return r.path("spec").path("paused").asBoolean(false) || status.path("pauseConditions").size() > 0
                ? "Paused" : otherwise;
    }

    private static String pausedMessage(JsonNode r, JsonNode status, String otherwise) {
        if (status.path("pauseConditions").size() > 0) {
            return status.path("pauseConditions").path(0).path("reason").asText();
        }
        return r.path("spec").path("paused").asBoolean(false) ? "manually paused" : otherwise;
    }

    private ObjectNode finishStatus(ObjectNode r, ObjectNode status, int weight, String phase, String message) {
        int replicas = r.path("spec").path("replicas").asInt(1);
        boolean promoted = status.path("currentPodHash").asText().equals(status.path("stableRS").asText());
        int canary = promoted ? replicas : (int) Math.ceil(replicas * weight / 100.0);
        int total = promoted ? replicas : replicas + canary;
        status.put("replicas", total);
        status.put("updatedReplicas", canary);
        status.put("readyReplicas", total);
        status.put("availableReplicas", total);
        status.put("phase", phase);
        status.put("message", message);
        Map<String, String> selector = new TreeMap<>();
        r.path("spec").path("selector").path("matchLabels").properties()
                .forEach(e -> selector.put(e.getKey(), e.getValue().asText()));
        selector.put("rollouts-pod-template-hash", status.path("currentPodHash").asText());
        status.put("selector", String.join(",", selector.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        if (r.path("spec").path("strategy").path("canary").has("trafficRouting")) {
            ObjectNode weights = status.withObjectProperty("canary").putObject("weights");
            weights.putObject("canary").put("podTemplateHash", status.path("currentPodHash").asText())
                    .put("weight", promoted ? 0 : weight);
            weights.putObject("stable").put("podTemplateHash", status.path("stableRS").asText())
                    .put("weight", promoted ? 100 : 100 - weight);
        }
        return r;
    }

    /** The weight of the last setWeight step before {@code index}, as Argo computes the current weight. */
    private static int weightBefore(JsonNode steps, int index) {
        int weight = 0;
        for (int i = 0; i < Math.min(index, steps.size()); i++) {
            if (steps.get(i).has("setWeight")) {
                weight = steps.get(i).get("setWeight").asInt();
            }
        }
        return weight;
    }
}
