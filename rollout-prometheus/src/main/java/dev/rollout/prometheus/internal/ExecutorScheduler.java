package dev.rollout.prometheus.internal;

import dev.rollout.api.Clock;
import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The provider's own scheduler when none is injected: one daemon thread that only runs timers
 * (retry backoff, rate-limit waits); HTTP runs on OkHttp's dispatcher. Thread-safe.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private final ScheduledExecutorService executor;
    private final Clock clock;

    /** A scheduler on a new daemon thread named {@code rollout-prometheus-timer}. */
    public ExecutorScheduler(Clock clock) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rollout-prometheus-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
