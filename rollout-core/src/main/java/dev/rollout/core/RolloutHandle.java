package dev.rollout.core;

import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutStatus;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * A stage that completes with the status once the rollout has settled: Healthy (fully
     * promoted) or aborted, with no delayed scale-down left to do. A rollout paused for a person
     * (an indefinite pause, an inconclusive analysis) or Degraded by a missed progress deadline
     * without an abort has not settled: someone may still act on it. Already complete when the
     * rollout is settled now; after {@link #retry()} a new call returns a new stage. Completes
     * exceptionally with a {@code RolloutException} when the engine stops driving the rollout
     * first (closed, or another engine took it over). Its callbacks run on the thread that settled
     * the rollout, never under its lock: use the {@code ...Async} variants for slow work.
     */
    CompletionStage<RolloutStatus> completion();

    /**
     * Waits, in real time and at most {@code timeout}, for {@link #completion()} and returns the
     * status then: settled when its phase is Healthy or it is aborted, otherwise the timeout
     * passed (or the engine stopped driving it). It never drives a scheduler: under a
     * {@code VirtualScheduler} the caller's own thread moves time ({@code runUntilIdle},
     * {@code advance}), so there call it after driving, or from another thread while one drives;
     * called instead of driving it returns the unsettled status after {@code timeout}.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    default RolloutStatus await(Duration timeout) throws InterruptedException {
        try {
            return completion().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return status();
        }
    }

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
