package dev.rollout.api;

import java.time.Duration;

/**
 * Runs the engine's work: one shared scheduler for every rollout, never a thread per rollout.
 * Injected, so tests and the simulator run on virtual time. Implementations are thread-safe.
 */
public interface Scheduler {
    /** The clock this scheduler measures delays with. */
    Clock clock();

    /** Runs {@code task} once after {@code delay}; a zero delay runs it as soon as possible. */
    Cancellable schedule(Runnable task, Duration delay);

    /** Runs {@code task} as soon as possible. */
    default Cancellable execute(Runnable task) {
        return schedule(task, Duration.ZERO);
    }

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not started; returns false if it ran or was cancelled already. */
        boolean cancel();
    }
}
