package dev.rollout.api;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one real-time {@link Scheduler}: a fixed pool of daemon threads. A task that throws is
 * reported to {@link #taskFailed(Throwable)} and never kills a thread; after {@link #close()} new
 * tasks are dropped. Thread-safe. Engines use its subclass {@code dev.rollout.core.scheduler.ExecutorScheduler};
 * provider modules, which depend only on rollout-api, use it directly for their retry timers.
 */
public class ThreadPoolScheduler implements Scheduler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ThreadPoolScheduler.class.getName());

    private final ScheduledThreadPoolExecutor executor;
    private final Clock clock;

    /**
     * A scheduler with {@code threads} daemon threads named {@code threadName-1}, {@code threadName-2}...
     * whose delays are measured by {@code clock}.
     */
    public ThreadPoolScheduler(int threads, Clock clock, String threadName) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = new ScheduledThreadPoolExecutor(threads, daemonThreads(Objects.requireNonNull(threadName, "threadName")));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public final Clock clock() {
        return clock;
    }

    @Override
    public final Cancellable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        Runnable safe = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                taskFailed(e);
            }
        };
        if (executor.isShutdown()) {
            return () -> false;
        }
        try {
            ScheduledFuture<?> f = executor.schedule(safe, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            // closed between the check and the call: dropped, as after close()
            return () -> false;
        }
    }

    /**
     * Called on the failing thread when a task throws; the scheduler continues. Logs through
     * {@link System.Logger} by default; subclasses route it to their own logging.
     */
    protected void taskFailed(Throwable failure) {
        LOG.log(System.Logger.Level.ERROR, "A scheduled task failed; the scheduler continues", failure);
    }

    /** The number of threads in the pool. */
    public final int threads() {
        return executor.getCorePoolSize();
    }

    /** Stops the threads; waiting tasks are dropped, a running task finishes. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
