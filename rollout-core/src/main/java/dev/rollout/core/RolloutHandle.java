package dev.rollout.core;

import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutStatus;

/**
 * One rollout of an engine, and the operator's actions on it. Every method is thread-safe, may be
 * called at any time, never blocks on the rollout's progress, and answers with the status as it
 * stands after the action. An action that does not apply (for example {@code retry()} on a
 * rollout that was not aborted) changes nothing and returns the current status.
 */
public interface RolloutHandle {

    /** The rollout's id, {@code namespace/name}. */
    String id();

    /** The current status snapshot. */
    RolloutStatus status();

    /** Ends the current pause, or skips the current step (blue/green: the current pause or analysis). */
    RolloutStatus promote();

    /** Skips every remaining step, pause and analysis and promotes the new revision fully. */
    RolloutStatus promoteFull();

    /**
     * Aborts: traffic and replicas go back to the stable revision, analysis is cancelled, and the
     * rollout becomes Degraded with "Rollout aborted update to revision &lt;id&gt;".
     */
    RolloutStatus abort();

    /** After an abort, starts the same rollout again at step 0. */
    RolloutStatus retry();

    /** Pauses the rollout ({@code UserPause}) until {@link #resume()} or {@link #promote()}. */
    RolloutStatus pause();

    /** Lifts the operator's own pause; step pauses are ended with {@link #promote()}. */
    RolloutStatus resume();

    /**
     * Rolls back to {@code revision}. When it is the stable revision the rollback is fast-tracked:
     * traffic and replicas go to stable at once, the new revision is removed and the rollout ends
     * Healthy on stable, without steps or analysis. Any other revision is rolled out as a new
     * rollout of this id, through every step.
     */
    RolloutStatus undo(Revision revision);
}
