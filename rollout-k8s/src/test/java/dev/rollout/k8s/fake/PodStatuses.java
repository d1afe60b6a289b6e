package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds the {@code status} of a simulated Pod the way the kubelet reports it. */
final class PodStatuses {
    private PodStatuses() {
    }

    static ObjectNode status(JsonNode pod, JsonNode template, PodBehaviour behaviour, boolean ready, long ageTicks,
                             String now) {
        String created = pod.path("metadata").path("creationTimestamp").asText(now);
        boolean pulling = behaviour instanceof PodBehaviour.ImagePullFailure;
        ObjectNode s = ApiHandler.JSON.createObjectNode();
        s.put("phase", pulling ? "Pending" : "Running");
        ArrayNode conditions = s.putArray("conditions");
        condition(conditions, "PodScheduled", "True", created, null, null);
        condition(conditions, "Ready", ready ? "True" : "False", created,
                ready ? null : "ContainersNotReady", ready ? null : "containers with unready status: ["
                        + names(template) + "]");
        condition(conditions, "ContainersReady", ready ? "True" : "False", created,
                ready ? null : "ContainersNotReady", null);
        s.put("hostIP", "10.0.0.1");
        s.put("podIP", "10.244.0." + (Math.abs(pod.path("metadata").path("name").asText().hashCode()) % 250 + 2));
        s.put("startTime", created);
        ArrayNode statuses = s.putArray("containerStatuses");
        for (JsonNode c : template.path("spec").path("containers")) {
            ObjectNode cs = statuses.addObject();
            String name = c.path("name").asText();
            String image = c.path("image").asText();
            cs.put("name", name);
            cs.put("image", image);
            cs.put("imageID", pulling ? "" : "docker-pullable://" + image);
            cs.put("ready", ready);
            ObjectNode state = cs.putObject("state");
            if (behaviour instanceof PodBehaviour.CrashLoop) {
                cs.put("restartCount", (int) ageTicks);
                cs.put("started", false);
                state.putObject("waiting").put("reason", "CrashLoopBackOff").put("message",
                        "back-off 5m0s restarting failed container=" + name + " pod="
                                + pod.path("metadata").path("name").asText() + "_"
                                + pod.path("metadata").path("namespace").asText() + "("
                                + pod.path("metadata").path("uid").asText() + ")");
                cs.putObject("lastState").putObject("terminated").put("exitCode", 1).put("reason", "Error")
                        .put("startedAt", created).put("finishedAt", created);
            } else if (pulling) {
                cs.put("restartCount", 0);
                cs.put("started", false);
                state.putObject("waiting").put("reason", ageTicks % 2 == 0 ? "ErrImagePull" : "ImagePullBackOff")
                        .put("message", "Back-off pulling image \"" + image + "\"");
            } else {
                cs.put("restartCount", 0);
                cs.put("started", true);
                state.putObject("running").put("startedAt", created);
            }
        }
        return s;
    }

    private static void condition(ArrayNode conditions, String type, String status, String at, String reason,
                                  String message) {
        ObjectNode c = conditions.addObject();
        c.put("type", type);
        c.put("status", status);
        c.putNull("lastProbeTime");
        c.put("lastTransitionTime", at);
        if (reason != null) {
            c.put("reason", reason);
        }
        if (message != null) {
            c.put("message", message);
        }
    }

    private static String names(JsonNode template) {
        StringBuilder out = new StringBuilder();
        for (JsonNode c : template.path("spec").path("containers")) {
            out.append(out.length() == 0 ? "" : " ").append(c.path("name").asText());
        }
        return out.toString();
    }

    static boolean isReadyStatus(JsonNode status) {
        for (JsonNode c : status.path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    static boolean isReady(JsonNode pod) {
        return isReadyStatus(pod.path("status"));
    }

    /** Whether a stored status already says the same, so the pod needs no write. */
    static boolean sameState(JsonNode a, JsonNode b) {
        return a.equals(b);
    }
}
