package dev.rollout.core;

import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one rollout's reconciles run. With an executor, a reconcile (and so every call of the
 * target and its router) runs there, never on the shared scheduler's threads: the scheduler only
 * asks for it. One reconcile of a rollout runs at a time; requests made meanwhile fold into one
 * more run after it, so a rollout whose API server hangs holds one executor thread and queues at
 * most one task, however often it is woken. Each run is announced with {@link Scheduler#track},
 * so a virtual-time scheduler holds its clock until the run has scheduled its follow-up. Without
 * an executor (a target answering from memory) the reconcile runs on the calling thread, as
 * before. Thread-safe.
 */
final class TargetLane {
    private static final Logger LOG = LoggerFactory.getLogger(TargetLane.class);
    /** How long a rollout waits before asking an executor that refused it again. */
    private static final Duration REJECTED_RETRY = Duration.ofSeconds(1);

    private final Executor executor;
    private final Scheduler scheduler;
    private final String rolloutId;
    private final Runnable body;
    /** Guarded by {@code this}: a run is queued or running; another was asked for meanwhile. */
    private boolean busy;
    private boolean again;

    /** A lane running {@code body}; {@code executor} null runs it inline. */
    TargetLane(Executor executor, Scheduler scheduler, String rolloutId, Runnable body) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.rolloutId = rolloutId;
        this.body = body;
    }

    /** Asks for one run of the body after any in flight; returns at once with an executor. */
    void request() {
        if (executor == null) {
            body.run();
            return;
        }
        synchronized (this) {
            if (busy) {
                again = true;
                return;
            }
            busy = true;
        }
        submit();
    }

    private void submit() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        scheduler.track(done);
        try {
            executor.execute(() -> {
                try {
                    body.run();
                } finally {
                    finished(done);
                }
            });
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                busy = false;
                again = false;
            }
            LOG.warn("Rollout {}: the target executor refused a reconcile ({}); asking again in {}",
                    rolloutId, e.toString(), REJECTED_RETRY);
            // Scheduled before the tracked run completes, so virtual time sees the retry.
            scheduler.schedule(this::request, REJECTED_RETRY);
            done.complete(null);
        }
    }

    private void finished(CompletableFuture<Void> done) {
        boolean more;
        synchronized (this) {
            more = again;
            again = false;
            busy = more;
        }
        if (more) {
            // Tracked before this run lets go, so a virtual clock never sees a gap between them.
            submit();
        }
        done.complete(null);
    }
}
