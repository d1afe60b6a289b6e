package dev.rollout.api.cluster;

import java.util.Objects;
import java.util.Optional;

/**
 * The live state of one revision's pods on a target, judged like {@code kubectl rollout status}.
 *
 * @param revision the revision's id
 * @param desired replicas asked for
 * @param updated replicas created from the current template
 * @param ready replicas that pass readiness
 * @param available replicas ready for at least minReadySeconds
 * @param failure why the revision cannot become ready (crash loop, image pull, deadline), if so
 */
public record RevisionState(String revision, int desired, int updated, int ready, int available,
        Optional<String> failure) {
    public RevisionState {
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(failure, "failure");
    }

    /** Whether every desired replica is available and nothing failed. */
    public boolean fullyAvailable() {
        return failure.isEmpty() && updated >= desired && available >= desired;
    }
}
