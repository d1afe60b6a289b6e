package dev.rollout.core;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.RolloutStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The stage a rollout's waiters hold ({@link dev.rollout.core.RolloutHandle#completion()}):
 * completed each time the rollout settles, after the rollout's lock is released, so a waiter's
 * callback may act on any handle. A retry after an abort starts a fresh stage. Thread-safe.
 */
final class Completion {
    private CompletableFuture<RolloutStatus> next = new CompletableFuture<>();
    private boolean settled;
    private boolean due;

    Completion(boolean settled) {
        this.settled = settled;
    }

    /** Notes whether the rollout is settled now; called under the rollout's lock. */
    synchronized void update(boolean settledNow) {
        if (settledNow && !settled) {
            due = true;
        }
        settled = settledNow;
    }

    /** The stage: already complete when the rollout is settled now. */
    CompletionStage<RolloutStatus> stage(Supplier<RolloutStatus> status) {
        synchronized (this) {
            if (!settled) {
                return next.minimalCompletionStage();
            }
        }
        return CompletableFuture.completedStage(status.get());
    }

    /**
     * Completes the stage of a rollout that settled, or fails it when the engine stopped driving
     * the rollout; called once the rollout's lock is released.
     */
    void fire(Supplier<RolloutStatus> status, boolean stopped, String rolloutId) {
        CompletableFuture<RolloutStatus> done;
        synchronized (this) {
            if (!due && !(stopped && !settled && !next.isDone())) {
                return;
            }
            done = next;
            if (due) {
                due = false;
                next = new CompletableFuture<>();
            }
        }
        if (!done.isDone()) {
            if (stopped && !settled) {
                done.completeExceptionally(new RolloutException("the engine stopped driving rollout "
                        + rolloutId + " before it settled (closed, or another engine took it over)"));
            } else {
                done.complete(status.get());
            }
        }
    }
}
