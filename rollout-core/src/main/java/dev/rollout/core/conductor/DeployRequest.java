package dev.rollout.core.conductor;

import java.util.Objects;
import java.util.UUID;

/**
 * A request to deploy a revision of the conductor's service to one environment.
 *
 * @param environment the environment's name, as in the service config
 * @param revision a reference the revision source resolves (a commit, a tag, a short hash)
 * @param requestId the request's id, recorded in the version store's history; unique
 * @param requestedBy who asked (a user, a pipeline), recorded in the history
 * @param firstDeploy whether a cluster that runs nothing yet may be created; without it a cluster
 *     with no workload fails its rollout to start
 */
public record DeployRequest(String environment, String revision, String requestId,
        String requestedBy, boolean firstDeploy) {

    public DeployRequest {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(requestId, "requestId");
        requestedBy = requestedBy == null ? "" : requestedBy;
        if (revision.isBlank()) {
            throw new IllegalArgumentException("revision must not be blank");
        }
    }

    /** A request with a random id. */
    public static DeployRequest of(String environment, String revision) {
        return new DeployRequest(environment, revision, newId(), "", false);
    }

    /** A copy that may create clusters that run nothing yet. */
    public DeployRequest allowingFirstDeploy() {
        return new DeployRequest(environment, revision, requestId, requestedBy, true);
    }

    /** A copy recording who asked. */
    public DeployRequest by(String who) {
        return new DeployRequest(environment, revision, requestId, who, firstDeploy);
    }

    /** A copy with another id. */
    public DeployRequest withId(String id) {
        return new DeployRequest(environment, revision, id, requestedBy, firstDeploy);
    }

    static String newId() {
        return "deploy-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
