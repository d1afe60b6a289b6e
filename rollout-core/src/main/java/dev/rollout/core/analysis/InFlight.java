package dev.rollout.core.analysis;

import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.MetricValue;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A measurement started and not yet finished; cancelling it cancels the provider's future.
 * {@link #settled} completes once the measurement's outcome is queued on the scheduler (or it
 * was cancelled): a virtual-time scheduler tracking it holds its clock until then.
 */
final class InFlight {
    final Instant startedAt;
    final CompletableFuture<Void> settled = new CompletableFuture<>();
    volatile CompletableFuture<MetricValue> providerFuture;
    volatile boolean cancelled;
    volatile boolean answered;
    /** Whether the scheduler holds its clock for this measurement, so its timeout runs on real time. */
    boolean held;
    Scheduler.Cancellable timeout;

    InFlight(Instant startedAt) {
        this.startedAt = startedAt;
    }

    void settle() {
        settled.complete(null);
    }

    void cancel() {
        cancelled = true;
        if (timeout != null) {
            timeout.cancel();
        }
        CompletableFuture<MetricValue> f = providerFuture;
        if (f != null) {
            f.cancel(true);
        }
        settle();
    }
}
