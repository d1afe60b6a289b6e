package dev.rollout.core.conductor;

import dev.rollout.core.conductor.versions.DeployResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a deploy. Serializes with plain Jackson; the CLI's {@code deploy --json} prints it.
 *
 * @param service the service
 * @param environment the environment
 * @param revision the revision's id
 * @param requestId the request's id
 * @param state where the deploy stands
 * @param result how it ended, or null while it has not
 * @param message one line: what it waits for, or why it ended as it did
 * @param clusters every cluster of the environment, wave by wave
 * @param startedAt when the conductor took the request
 * @param updatedAt when the status last changed
 */
public record DeployStatus(String service, String environment, String revision, String requestId,
        DeployState state, DeployResult result, String message, List<ClusterDeployStatus> clusters,
        Instant startedAt, Instant updatedAt) {

    public DeployStatus {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether the deploy has ended or waits for a person. */
    public boolean settled() {
        return state == DeployState.Done || state == DeployState.WaitingForApproval;
    }
}
