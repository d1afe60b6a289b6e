package dev.rollout.core;

import dev.rollout.api.TargetException;
import java.time.Duration;
import java.time.Instant;

/**
 * How long one rollout's target has been failing without a break. A reconcile that fails with a
 * {@link TargetException} (5xx, refused connections, timeouts, once the target's own retries are
 * spent) starts or extends the streak, a reconcile that completes ends it; a streak longer than
 * the engine's outage limit (default: the rollout's progress deadline) aborts the rollout, which
 * would otherwise be retried forever, and ends the cleanup of a rollout already ended (what was
 * left behind is reported in a Warning event). Kept in memory, under the machine's lock.
 */
final class TargetOutage {
    private Instant since;

    /** The target answered a whole reconcile: any outage is over. */
    void ended(RolloutMachine m) {
        if (since != null) {
            m.log("target " + m.state().targetName() + " answers again after failing since " + since);
            since = null;
        }
    }

    /** A locked section failed with {@code failure}; aborts once the target failed for too long. */
    void failed(RolloutMachine m, RuntimeException failure) {
        if (!(failure instanceof TargetException)) {
            return;
        }
        Instant now = m.now();
        if (since == null) {
            since = now;
        }
        RolloutState s = m.state();
        boolean ended = s.aborted() || s.completed();
        if (ended && !Cleanup.pending(s)) {
            return;
        }
        Duration limit = limit(m);
        Instant deadline = since.plus(limit);
        if (now.isBefore(deadline)) {
            // Looked at again no later than the limit, so the abort is not late by a whole backoff.
            m.wakeAtInstant(deadline);
            return;
        }
        if (ended) {
            // The writes an ended rollout still owes are not retried forever either.
            Cleanup.giveUp(m, "target " + s.targetName() + " has failed for " + limit.toSeconds()
                    + "s without a break (since " + since + "; last error: " + failure.getMessage() + ")");
            return;
        }
        RecordedAbort.record(m, "target " + s.targetName() + " has failed for " + limit.toSeconds()
                + "s without a break (since " + since + "; last error: " + failure.getMessage()
                + "); traffic goes back to stable and the new revision is scaled down once it answers",
                true);
        // The writes the abort owes get a limit of their own before the cleanup gives up.
        since = null;
    }

    private static Duration limit(RolloutMachine m) {
        Duration configured = m.context().outageLimit();
        return configured != null ? configured
                : Duration.ofSeconds(m.state().spec().progressDeadlineSeconds());
    }
}
