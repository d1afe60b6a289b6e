package dev.rollout.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds pods that will not become ready without a new revision: a crash loop, an image that
 * cannot be pulled, a broken container config. Transient states (the first failed pull, a
 * container still creating) are not failures.
 */
public final class PodFailures {
    /** Waiting reasons the kubelet reports only after repeated failures or for a broken spec. */
    public static final Set<String> FATAL_WAITING_REASONS = Set.of("CrashLoopBackOff",
            "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull",
            "CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private PodFailures() {
    }

    /** The first fatal reason among the pods, as {@code Reason: pod/container: message}. */
    public static Optional<String> firstFailure(List<JsonObject> pods) {
        for (JsonObject pod : pods) {
            String name = Json.str(pod, "metadata", "name").orElse("?");
            for (String field : List.of("initContainerStatuses", "containerStatuses")) {
                for (JsonElement s : Json.arr(pod, "status", field)) {
                    if (!s.isJsonObject()) {
                        continue;
                    }
                    JsonObject status = s.getAsJsonObject();
                    String reason = Json.str(status, "state", "waiting", "reason").orElse("");
                    if (FATAL_WAITING_REASONS.contains(reason)) {
                        String message = Json.str(status, "state", "waiting", "message").orElse("");
                        String container = Json.str(status, "name").orElse("?");
                        return Optional.of(reason + ": " + name + "/" + container
                                + (message.isEmpty() ? "" : ": " + message));
                    }
                }
            }
            String phase = Json.str(pod, "status", "phase").orElse("");
            if ("Failed".equals(phase)) {
                return Optional.of("PodFailed: " + name + ": "
                        + Json.str(pod, "status", "message").orElse(
                                Json.str(pod, "status", "reason").orElse("")));
            }
        }
        return Optional.empty();
    }
}
