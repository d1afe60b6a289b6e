package dev.rollout.core;

import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rollout's pending wake-up on the shared scheduler: at most one, the earliest asked for.
 * {@link #schedule} and {@link #cancel} run under the rollout's lock; the scheduler's task only
 * notes that it fired ({@link #fired}) and hands the reconcile over, never taking that lock, so a
 * scheduler thread never waits behind a reconcile held up by a slow target call.
 */
final class Wakes {
    private final Scheduler scheduler;
    private final Runnable onWake;
    private Scheduler.Cancellable wake;
    private long wakeAt = Long.MAX_VALUE;
    private long token;
    /** The latest token that fired; set on the scheduler thread without the lock. */
    private final AtomicLong fired = new AtomicLong();

    /** Wake-ups on {@code scheduler} that run {@code onWake} (which must not block). */
    Wakes(Scheduler scheduler, Runnable onWake) {
        this.scheduler = scheduler;
        this.onWake = onWake;
    }

    /** Asks for a wake-up after {@code delay}, keeping an earlier one; under the lock. */
    void schedule(Duration delay) {
        long at = scheduler.clock().millis() + Math.max(0, delay.toMillis());
        if (wake != null && wakeAt <= at) {
            return;
        }
        cancel();
        wakeAt = at;
        long mine = ++token;
        wake = scheduler.schedule(() -> {
            fired.accumulateAndGet(mine, Math::max);
            onWake.run();
        }, delay);
    }

    /**
     * Forgets the wake-up asked for last once it fired, so the next request schedules anew; under
     * the lock, at the start of each reconcile. Until then a fired wake-up still counts as pending:
     * its reconcile is on its way.
     */
    void clearFired() {
        if (wake != null && fired.get() >= token) {
            wake = null;
            wakeAt = Long.MAX_VALUE;
        }
    }

    /** Drops the pending wake-up that no longer applies; under the lock. */
    void cancel() {
        if (wake != null) {
            wake.cancel();
            wake = null;
            wakeAt = Long.MAX_VALUE;
        }
    }
}
