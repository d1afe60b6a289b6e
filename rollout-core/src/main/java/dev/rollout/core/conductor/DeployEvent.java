package dev.rollout.core.conductor;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a deploy. Immutable; never carries a secret.
 *
 * @param type what happened
 * @param service the service
 * @param environment the environment
 * @param requestId the deploy request
 * @param revision the revision's id
 * @param cluster the cluster it concerns, or null for the whole deploy
 * @param wave the wave it concerns, or -1
 * @param message what happened, in words
 * @param at when, on the conductor's clock
 */
public record DeployEvent(Type type, String service, String environment, String requestId,
        String revision, String cluster, int wave, String message, Instant at) {

    public DeployEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(requestId, "requestId");
        message = message == null ? "" : message;
        Objects.requireNonNull(at, "at");
    }

    /** Kinds of deploy events, in the order a deploy meets them. */
    public enum Type {
        Queued, Refused, Superseded, HookStarted, HookSucceeded, HookFailed, Started,
        ClusterStarted, ClusterHealthy, ClusterFailed, ClusterSkipped, GateStarted, GatePassed,
        GateFailed, WaitingForApproval, Approved, RollingBack, ClusterRolledBack, Finished
    }
}
