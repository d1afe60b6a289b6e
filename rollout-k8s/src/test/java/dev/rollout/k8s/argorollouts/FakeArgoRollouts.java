package dev.rollout.k8s.argorollouts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.k8s.fake.FakeController;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.ResourceType;

/**
 * A test stand-in for the Argo Rollouts controller, one step per tick over canary steps made of
 * {@code setWeight} and {@code pause: {}}: a new template starts at step 0; a weight step
 * completes on the next tick; an indefinite pause sets a pause condition until promoted; at the
 * end the new pod hash becomes stable and the phase Healthy. An abort sends weight to 0, phase
 * Degraded.
 */
final class FakeArgoRollouts implements FakeController {
    private final FakeKubeApiServer server;

    FakeArgoRollouts(FakeKubeApiServer server) {
        this.server = server;
    }

    @Override
    public void reconcile() {
        ResourceType type = server.type("argoproj.io/v1alpha1", "rollouts");
        for (ObjectNode r : server.store().list(type, null)) {
            server.store().mutate(type, r.path("metadata").path("namespace").asText(),
                    r.path("metadata").path("name").asText(), this::step);
        }
    }

    private ObjectNode step(ObjectNode rollout) {
        ObjectNode status = rollout.with("status");
        status.put("observedGeneration", rollout.path("metadata").path("generation").asText());
        String hash = Integer.toHexString(rollout.path("spec").path("template").toString()
                .hashCode());
        JsonNode steps = rollout.path("spec").path("strategy").path("canary").path("steps");
        if (!hash.equals(status.path("currentPodHash").asText())) {
            status.put("currentPodHash", hash);
            status.put("currentStepIndex", 0);
            status.put("phase", "Progressing");
            status.remove("abort");
            if (!status.has("stableRS")) {
                // As Argo: the very first template becomes stable without running the steps.
                status.put("stableRS", hash);
                status.put("currentStepIndex", steps.size());
            }
        }
        if (status.path("abort").asBoolean(false)) {
            status.with("canary").with("weights").with("canary").put("weight", 0);
            status.put("phase", "Degraded");
            status.put("message", "RolloutAborted: Rollout aborted update to revision 2");
            return rollout;
        }
        if (status.path("promoteFull").asBoolean(false)) {
            status.put("currentStepIndex", steps.size());
            status.remove("promoteFull");
        }
        int index = status.path("currentStepIndex").asInt();
        if (index >= steps.size()) {
            status.put("stableRS", hash);
            status.put("phase", "Healthy");
            status.remove("pauseConditions");
            status.with("canary").with("weights").with("canary").put("weight", 0);
            return rollout;
        }
        JsonNode current = steps.get(index);
        if (current.has("setWeight")) {
            status.with("canary").with("weights").with("canary")
                    .put("weight", current.path("setWeight").asInt());
            status.put("currentStepIndex", index + 1);
        } else if (current.has("pause")) {
            // As Argo: the controller remembers it paused; once the pause conditions are
            // cleared (promote), the pause step is over.
            if (status.path("controllerPause").asBoolean(false)
                    && status.path("pauseConditions").isMissingNode()) {
                status.put("controllerPause", false);
                status.put("currentStepIndex", index + 1);
                status.put("phase", "Progressing");
            } else if (!status.has("pauseConditions")) {
                status.putArray("pauseConditions").addObject().put("reason", "CanaryPauseStep");
                status.put("controllerPause", true);
                status.put("phase", "Paused");
            }
        }
        return rollout;
    }
}
