package dev.rollout.core.scheduler;

import dev.rollout.api.Clock;
import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real-time scheduler on a small fixed pool of daemon threads (2 by default, at most 4), shared
 * by every rollout of an engine. A task that throws is logged and never kills a thread.
 * Thread-safe; {@link #close()} stops the threads and drops waiting tasks.
 */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);
    /** Threads used when none are given. */
    public static final int DEFAULT_THREADS = 2;
    /** The most threads a scheduler may use. */
    public static final int MAX_THREADS = 4;
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;

    /** A scheduler with {@value #DEFAULT_THREADS} threads on the system clock. */
    public ExecutorScheduler() {
        this(DEFAULT_THREADS);
    }

    /** A scheduler with the given number of threads (1..{@value #MAX_THREADS}) on the system clock. */
    public ExecutorScheduler(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", was " + threads);
        }
        this.clock = Clock.SYSTEM;
        this.executor = new ScheduledThreadPoolExecutor(threads, daemonThreads());
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private static ThreadFactory daemonThreads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "rollout-engine-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        java.util.Objects.requireNonNull(task, "task");
        Runnable safe = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("A scheduled task failed; the scheduler continues", e);
            }
        };
        if (executor.isShutdown()) {
            LOG.debug("Scheduler closed; task dropped");
            return () -> false;
        }
        try {
            ScheduledFuture<?> f = executor.schedule(safe, Math.max(0, delay.toMillis()),
                    TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Scheduler closed; task dropped");
            return () -> false;
        }
    }

    /** The number of threads in the pool. */
    public int threads() {
        return executor.getCorePoolSize();
    }

    /** Stops the threads; waiting tasks are dropped, a running task finishes. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
