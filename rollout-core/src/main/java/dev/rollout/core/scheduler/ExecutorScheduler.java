package dev.rollout.core.scheduler;

import dev.rollout.api.Clock;
import dev.rollout.api.ThreadPoolScheduler;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real-time scheduler on a small fixed pool of daemon threads (2 by default, at most 4), shared
 * by every rollout of an engine. A task that throws is logged and never kills a thread.
 * Thread-safe; {@link #close()} stops the threads and drops waiting tasks. The pool itself is
 * rollout-api's {@link ThreadPoolScheduler}; this class fixes the engine's sizes, names and logging.
 */
public final class ExecutorScheduler extends ThreadPoolScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorScheduler.class);
    /** Threads used when none are given. */
    public static final int DEFAULT_THREADS = 2;
    /** The most threads a scheduler may use. */
    public static final int MAX_THREADS = 4;
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** A scheduler with {@value #DEFAULT_THREADS} threads on the system clock. */
    public ExecutorScheduler() {
        this(DEFAULT_THREADS);
    }

    /** A scheduler with the given number of threads (1..{@value #MAX_THREADS}) on the system clock. */
    public ExecutorScheduler(int threads) {
        super(checked(threads), Clock.SYSTEM, "rollout-engine-" + POOLS.incrementAndGet());
    }

    private static int checked(int threads) {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads must be 1.." + MAX_THREADS + ", was " + threads);
        }
        return threads;
    }

    @Override
    protected void taskFailed(Throwable failure) {
        LOG.error("A scheduled task failed; the scheduler continues", failure);
    }
}
