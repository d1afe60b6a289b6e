package dev.rollout.api.deploy;

import dev.rollout.api.model.Commit;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a notifier is told about a deploy of a service to an environment.
 *
 * @param kind what happened
 * @param service the service's name
 * @param environment the environment's name
 * @param revision the revision being deployed
 * @param requestId the deploy request's id
 * @param clusters the clusters of the environment this deploy changes, each with the revision it
 *     ran before and the commits since then
 * @param message one line saying what happened and why (the failed cluster and its reason, the
 *     revision a refused request is older than)
 * @param time when it happened, on the conductor's clock
 */
public record DeployNotification(Kind kind, String service, String environment, String revision,
        String requestId, List<ClusterChange> clusters, String message, Instant time) {

    public DeployNotification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(requestId, "requestId");
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        message = message == null ? "" : message;
        Objects.requireNonNull(time, "time");
    }

    /** What happened to a deploy. */
    public enum Kind {
        /** The deploy started (after the pre-deploy hooks passed). */
        STARTED,
        /** Every cluster of the environment runs the revision. */
        FINISHED,
        /** A cluster, gate or hook failed; later waves did not run. */
        FAILED,
        /** A cluster failed and the clusters already done went back to their previous revision. */
        ROLLED_BACK,
        /** The request was older than what is deployed or deploying, so nothing ran. */
        REFUSED,
        /** A newer request took this request's pending slot, so it will not run. */
        SUPERSEDED,
        /** A gate waits for an approval. */
        WAITING_FOR_APPROVAL
    }

    /**
     * One cluster of a deploy.
     *
     * @param cluster the cluster's name
     * @param previousRevision the revision it ran before this deploy, or null on a first deploy
     * @param commits the commits after {@code previousRevision} up to the deployed revision,
     *     newest first; empty when unknown
     */
    public record ClusterChange(String cluster, String previousRevision, List<Commit> commits) {
        public ClusterChange {
            Objects.requireNonNull(cluster, "cluster");
            commits = commits == null ? List.of() : List.copyOf(commits);
        }
    }
}
