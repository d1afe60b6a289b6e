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

    /**
     * Tells the scheduler about work running outside it (a metric provider's call, an HTTP
     * request) that schedules its follow-up task on this scheduler before it completes. A
     * virtual-time scheduler does not move its clock while such work is in flight, so virtual time
     * never passes, and no virtual timeout fires, while a real call is still answering; it returns
     * true. A real-time scheduler has nothing to wait for and returns false (the default).
     *
     * @return whether this scheduler waits for {@code work} before it moves its clock
     */
    default boolean track(java.util.concurrent.CompletionStage<?> work) {
        java.util.Objects.requireNonNull(work, "work");
        return false;
    }

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not started; returns false if it ran or was cancelled already. */
        boolean cancel();
    }
}
