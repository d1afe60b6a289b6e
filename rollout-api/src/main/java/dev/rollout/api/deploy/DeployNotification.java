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

    /**
     * The canonical constructor: its parameter list grows with the record (a new field is a new
     * parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(Kind, String, String, String, String)}.
     */
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

    /**
     * A builder for a notification of {@code kind} about {@code revision} of {@code service}
     * in {@code environment} (request {@code requestId}): no clusters, no message; 
     * {@code time} must be set.
     */
    public static Builder builder(Kind kind, String service, String environment, String revision,
            String requestId) {
        return new Builder(kind, service, environment, revision, requestId);
    }

    /** A builder holding every field of this notification, to change some of them. */
    public Builder toBuilder() {
        return new Builder(kind, service, environment, revision, requestId)
                .clusters(clusters).message(message).time(time);
    }

    /**
     * Builds a {@link DeployNotification}; each setter names the component it sets. Not
     * thread-safe.
     */
    public static final class Builder {
        private final Kind kind;
        private final String service;
        private final String environment;
        private final String revision;
        private final String requestId;
        private List<ClusterChange> clusters = List.of();
        private String message = "";
        private Instant time;

        private Builder(Kind kind, String service, String environment, String revision,
                String requestId) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.service = Objects.requireNonNull(service, "service");
            this.environment = Objects.requireNonNull(environment, "environment");
            this.revision = Objects.requireNonNull(revision, "revision");
            this.requestId = Objects.requireNonNull(requestId, "requestId");
        }

        /** Sets {@link DeployNotification#clusters()}; null is none. */
        public Builder clusters(List<ClusterChange> value) {
            this.clusters = value;
            return this;
        }

        /** Sets {@link DeployNotification#message()}; null is empty. */
        public Builder message(String value) {
            this.message = value;
            return this;
        }

        /** Sets {@link DeployNotification#time()}. */
        public Builder time(Instant value) {
            this.time = value;
            return this;
        }

        /** The notification. */
        public DeployNotification build() {
            return new DeployNotification(kind, service, environment, revision, requestId, clusters, message,
                    time);
        }
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
