package dev.rollout.core;

import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutStatus;

/**
 * One rollout of an engine, and the operator's actions on it. Every method is thread-safe and may
 * be called at any time; an action waits at most for a target call already in flight for this
 * rollout (never for a pause or an analysis), applies its change, and answers with the status as
 * it stands after the action; the rollout then continues on the engine's scheduler.
 * {@link #status()} never waits. An action that does not apply (for example {@code retry()} on a
 * rollout that was not aborted, or {@code promote()} on a Healthy or aborted one) changes
 * nothing and returns the current status.
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
