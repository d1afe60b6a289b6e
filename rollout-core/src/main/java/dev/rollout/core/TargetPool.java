package dev.rollout.core;

import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The engines' default target executor, and which rollouts use one. */
final class TargetPool {
    /** Threads of the shared default target executor. */
    public static final int DEFAULT_THREADS = 16;

    private static final class Shared {
        static final ExecutorService POOL = newPool(DEFAULT_THREADS);
    }

    private TargetPool() {
    }

    /** The pool every engine without a target executor of its own shares, created on first use. */
    public static ExecutorService shared() {
        return Shared.POOL;
    }

    /**
     * At most {@code threads} daemon threads named {@code rollout-target-N}, ended after a minute
     * idle. The queue is unbounded on purpose: a rollout queues at most one reconcile at a time
     * ({@link TargetLane}), so it holds at most one task per live rollout.
     */
    public static ExecutorService newPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "rollout-target-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * The executor a rollout on {@code target} reconciles on, or null for inline: a target that
     * answers from memory, or a virtual scheduler that tracks no external work (its fakes live in
     * virtual time, and it would not wait for a reconcile running elsewhere).
     */
    public static java.util.concurrent.Executor of(EngineContext ctx, ClusterTarget target) {
        if (!target.mayBlock() || ctx.targetExecutor() == null) {
            return null;
        }
        if (ctx.scheduler() instanceof VirtualScheduler v && v.externalWorkWait().isZero()) {
            return null;
        }
        return ctx.targetExecutor();
    }
}
