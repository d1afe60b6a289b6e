package dev.rollout.k8s.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.rollout.api.cluster.RevisionState;
import java.util.Optional;

/**
 * Judges a Deployment's status the way {@code kubectl rollout status} does.
 *
 * @param desired {@code spec.replicas} (1 when unset)
 * @param generationObserved whether the controller has seen the latest spec
 * @param replicas {@code status.replicas}: pods of every template
 * @param updated {@code status.updatedReplicas}: pods of the current template
 * @param ready {@code status.readyReplicas}
 * @param available {@code status.availableReplicas}
 * @param failure why the Deployment cannot progress ({@code ProgressDeadlineExceeded},
 *     {@code ReplicaFailure}), if so
 */
public record DeploymentStatus(int desired, boolean generationObserved, int replicas, int updated,
        int ready, int available, Optional<String> failure) {

    /** Reads a Deployment object. */
    public static DeploymentStatus of(JsonObject deployment) {
        long generation = Json.num(deployment, 0, "metadata", "generation");
        long observed = Json.num(deployment, -1, "status", "observedGeneration");
        Optional<String> failure = Optional.empty();
        for (JsonElement c : Json.arr(deployment, "status", "conditions")) {
            if (!c.isJsonObject()) {
                continue;
            }
            JsonObject condition = c.getAsJsonObject();
            String type = Json.str(condition, "type").orElse("");
            String status = Json.str(condition, "status").orElse("");
            String reason = Json.str(condition, "reason").orElse("");
            String message = Json.str(condition, "message").orElse("");
            if ("Progressing".equals(type) && "ProgressDeadlineExceeded".equals(reason)) {
                failure = Optional.of("ProgressDeadlineExceeded: " + message);
            } else if ("ReplicaFailure".equals(type) && "True".equals(status) && failure.isEmpty()) {
                failure = Optional.of("ReplicaFailure: " + (reason.isEmpty() ? "" : reason + ": ")
                        + message);
            }
        }
        return new DeploymentStatus(
                (int) Json.num(deployment, 1, "spec", "replicas"),
                observed >= generation,
                (int) Json.num(deployment, 0, "status", "replicas"),
                (int) Json.num(deployment, 0, "status", "updatedReplicas"),
                (int) Json.num(deployment, 0, "status", "readyReplicas"),
                (int) Json.num(deployment, 0, "status", "availableReplicas"),
                failure);
    }

    /**
     * Whether the rollout of the current template is complete, exactly as {@code kubectl rollout
     * status}: generation observed, updated ≥ desired, no old pods left, available ≥ updated.
     */
    public boolean rolloutComplete() {
        return failure.isEmpty() && generationObserved && updated >= desired
                && replicas <= updated && available >= updated;
    }

    /**
     * The state of the pods of the current template. Until the controller has seen the latest
     * spec nothing counts as updated (the revision cannot look finished on a stale status);
     * pods of an older template still running are assumed to be the available ones first, so
     * the new pods are never over-counted.
     */
    public RevisionState toRevisionState(String revisionId, Optional<String> podFailure) {
        int old = Math.max(0, replicas - updated);
        int newAvailable = clamp(available - old, updated);
        int newReady = clamp(ready - old, updated);
        Optional<String> why = failure.isPresent() ? failure : podFailure;
        return new RevisionState(revisionId, desired, generationObserved ? updated : 0, newReady,
                newAvailable, why);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }
}
