package dev.rollout.core.analysis.internal;

import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.MetricValue;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A measurement started and not yet finished; cancelling it cancels the provider's future. */
final class InFlight {
    final Instant startedAt;
    volatile CompletableFuture<MetricValue> providerFuture;
    volatile boolean cancelled;
    volatile boolean answered;
    Scheduler.Cancellable timeout;

    InFlight(Instant startedAt) {
        this.startedAt = startedAt;
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
    }
}
