package dev.rollout.core.analysis;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool for providers' {@code measure} that hands a task to an idle thread at once, as a
 * cached pool does, starts a new thread only when none is idle, and queues only once all
 * {@code maxThreads} are busy. A plain {@link ThreadPoolExecutor} cannot do both: with a queue it
 * either starts a thread per task up to its core size or queues before growing.
 */
final class ProviderPool extends ThreadPoolExecutor {
    private final AtomicInteger submitted = new AtomicInteger();
    private final int maxThreads;

    private ProviderPool(int maxThreads, TaskQueue queue, ThreadFactory threads) {
        super(0, maxThreads, 60, TimeUnit.SECONDS, queue, threads, (r, pool) -> {
            if (!queue.force(r)) {
                throw new RejectedExecutionException("all " + maxThreads + " provider threads are busy "
                        + "and " + queue.size() + " measurements are queued");
            }
        });
        this.maxThreads = maxThreads;
        queue.pool = this;
    }

    /** A pool of at most {@code maxThreads} daemon threads {@code rollout-provider-N} and {@code maxQueued} waiting tasks. */
    public static ProviderPool create(int maxThreads, int maxQueued) {
        if (maxThreads < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("maxThreads and maxQueued must be >= 1, were "
                    + maxThreads + " and " + maxQueued);
        }
        AtomicInteger next = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "rollout-provider-" + next.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return new ProviderPool(maxThreads, new TaskQueue(maxQueued), threads);
    }

    @Override
    public void execute(Runnable task) {
        submitted.incrementAndGet();
        try {
            super.execute(task);
        } catch (RuntimeException e) {
            submitted.decrementAndGet();
            throw e;
        }
    }

    @Override
    protected void afterExecute(Runnable task, Throwable error) {
        submitted.decrementAndGet();
    }

    /** Queues a task only when a thread is idle or no further thread may start. */
    private static final class TaskQueue extends LinkedBlockingQueue<Runnable> {
        private static final long serialVersionUID = 1L;
        private transient ProviderPool pool;

        TaskQueue(int capacity) {
            super(capacity);
        }

        @Override
        public boolean offer(Runnable task) {
            int threads = pool.getPoolSize();
            if (pool.submitted.get() > threads && threads < pool.maxThreads) {
                return false; // no idle thread: the pool starts one
            }
            return super.offer(task);
        }

        boolean force(Runnable task) {
            return !pool.isShutdown() && super.offer(task);
        }
    }
}
