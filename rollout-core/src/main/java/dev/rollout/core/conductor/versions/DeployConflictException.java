package dev.rollout.core.conductor.versions;

import dev.rollout.api.ConflictException;

/**
 * A version store operation that re-reading cannot fix: a request records after it stopped
 * holding the deploy, a cluster would move to an older revision, a rollback while a deploy runs.
 * Unlike a plain {@link ConflictException} it is never retried.
 */
public class DeployConflictException extends ConflictException {
    private static final long serialVersionUID = 1L;

    public DeployConflictException(String message) {
        super(message);
    }
}
