package dev.rollout.k8s.argocd;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One deploy requested through an Argo CD Application; keep it (it is a plain value) to check on
 * the deploy later, also from another process after a restart.
 *
 * @param namespace the Application's namespace (usually {@code argocd})
 * @param application the Application's name
 * @param targetRevision the revision asked for (commit, tag, branch, chart version)
 * @param sourceIndex for a multi-source Application, the index in {@code spec.sources}
 * @param requestedAt when the deploy was asked for; only a sync started at or after it counts
 * @param needsNewSync false when the Application already ran the revision, so no new sync will
 *     come and the current state is judged as is
 */
public record ArgoCdDeployment(String namespace, String application, String targetRevision,
        OptionalInt sourceIndex, Instant requestedAt, boolean needsNewSync) {
    public ArgoCdDeployment {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(targetRevision, "targetRevision");
        Objects.requireNonNull(sourceIndex, "sourceIndex");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
