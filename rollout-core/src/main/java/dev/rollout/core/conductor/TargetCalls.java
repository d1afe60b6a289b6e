package dev.rollout.core.conductor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Makes a deploy's calls into a cluster's engine ({@code start}, {@code promote}, {@code abort}:
 * each calls the target) off the conductor's scheduler when the target may block, so one
 * cluster's slow API server never holds a scheduler thread that other clusters and deploys need.
 * The call runs on the engine's target executor and its continuation back on the scheduler; the
 * call is {@linkplain dev.rollout.api.Scheduler#track tracked} until that continuation is
 * queued, so virtual time never moves past it. A target answering from memory is called inline
 * and the continuation follows at once, as before.
 */
final class TargetCalls {
    private TargetCalls() {
    }

    /**
     * Runs {@code call} where {@code ce}'s target is called, then {@code then} on the scheduler
     * with its result or the exception it threw (one of the two is null).
     */
    static <T> void run(Runtime rt, Runtime.ClusterEngine ce, Supplier<T> call,
            BiConsumer<T, RuntimeException> then) {
        Executor executor = ce.engine().targetExecutor(ce.target().name()).orElse(null);
        if (executor == null) {
            finish(call, then);
            return;
        }
        CompletableFuture<Void> tracked = new CompletableFuture<>();
        rt.scheduler().track(tracked);
        try {
            executor.execute(() -> {
                T value = null;
                RuntimeException error = null;
                try {
                    value = call.get();
                } catch (RuntimeException e) {
                    error = e;
                }
                T v = value;
                RuntimeException err = error;
                try {
                    rt.scheduler().execute(() -> then.accept(v, err));
                } finally {
                    tracked.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            tracked.complete(null);
            rt.scheduler().execute(() -> then.accept(null, e));
        }
    }

    private static <T> void finish(Supplier<T> call, BiConsumer<T, RuntimeException> then) {
        T value;
        try {
            value = call.get();
        } catch (RuntimeException e) {
            then.accept(null, e);
            return;
        }
        then.accept(value, null);
    }
}
