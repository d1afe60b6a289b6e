package dev.rollout.datadog;

import dev.rollout.http.Gate;
import dev.rollout.http.RetryAfter;
import java.util.OptionalLong;
import okhttp3.Response;

/**
 * Spends one Datadog rate-limit budget (one endpoint) frugally. It learns the budget from
 * {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} of every response; while plenty is
 * left requests go at once, when {@code reserve} or fewer remain they are spaced evenly until the
 * reset, and when none remain they wait for the reset. Thread-safe.
 */
final class RateLimitGate implements Gate {
    private final int reserve;
    private long remaining = -1;
    private long resetAtMillis;
    private long nextSlotMillis;

    /** A gate that starts spreading requests when {@code reserve} or fewer remain. */
    public RateLimitGate(int reserve) {
        this.reserve = reserve;
    }

    /**
     * Takes one request from the budget and returns how long it must wait before it is sent
     * (0 when it may go now).
     */
    public synchronized long reserve(long nowMillis) {
        if (remaining < 0 || nowMillis >= resetAtMillis) {
            remaining = -1;
            return 0;
        }
        if (remaining == 0) {
            return resetAtMillis - nowMillis;
        }
        if (remaining > reserve) {
            remaining--;
            return 0;
        }
        long slot = Math.max(nowMillis, nextSlotMillis);
        nextSlotMillis = slot + Math.max(0, resetAtMillis - slot) / remaining;
        remaining--;
        return slot - nowMillis;
    }

    /** Learns the budget from a response's headers (absent headers change nothing). */
    public synchronized void update(OptionalLong remainingHeader, OptionalLong resetSeconds, long nowMillis) {
        if (remainingHeader.isPresent() && resetSeconds.isPresent()) {
            remaining = Math.max(0, remainingHeader.getAsLong());
            resetAtMillis = nowMillis + resetSeconds.getAsLong() * 1000;
            if (nextSlotMillis > resetAtMillis) {
                nextSlotMillis = 0;
            }
        }
    }

    /** Records an HTTP 429: nothing is left until {@code resetSeconds} from now. */
    public synchronized void exhausted(long resetSeconds, long nowMillis) {
        remaining = 0;
        resetAtMillis = Math.max(resetAtMillis, nowMillis + resetSeconds * 1000);
    }

    @Override
    public long waitMillis(long nowMillis) {
        return reserve(nowMillis);
    }

    /** Learns the budget from {@code X-RateLimit-*}; an HTTP 429 empties it until the reset. */
    @Override
    public OptionalLong learn(int code, Response response, long nowMillis) {
        OptionalLong reset = RetryAfter.number(response.header("X-RateLimit-Reset"));
        update(RetryAfter.number(response.header("X-RateLimit-Remaining")), reset, nowMillis);
        if (code == 429) {
            exhausted(reset.orElse(0), nowMillis);
        }
        return reset;
    }

    /** Only a 429 waits for the reset: the reset of other answers is the budget's, not a retry hint. */
    @Override
    public boolean retryAfterHint(int code) {
        return code == 429;
    }

    @Override
    public String waitTooLong(String wait) {
        return "rate limit budget exhausted; it resets in " + wait;
    }

    @Override
    public String whyWaiting() {
        return "for the rate limit budget";
    }

    /** Requests known to be left in the current period, or -1 when unknown. */
    public synchronized long remaining() {
        return remaining;
    }
}
