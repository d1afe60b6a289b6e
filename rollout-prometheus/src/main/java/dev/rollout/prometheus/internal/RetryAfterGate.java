package dev.rollout.prometheus.internal;

import dev.rollout.http.Gate;
import dev.rollout.http.RetryAfter;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import okhttp3.Response;

/**
 * Remembers, per address, until when the server asked to be left alone ({@code Retry-After} of an
 * HTTP 429 or 503), so requests that start meanwhile wait as well instead of adding to the load
 * of a server that is already shedding it. Thread-safe.
 */
public final class RetryAfterGate {
    private final Map<String, Long> quietUntil = new HashMap<>();

    /** How long a request to {@code address} must wait from {@code nowMillis}; 0 when it may go now. */
    public synchronized long waitMillis(String address, long nowMillis) {
        Long until = quietUntil.get(address);
        if (until == null) {
            return 0;
        }
        if (until <= nowMillis) {
            quietUntil.remove(address);
            return 0;
        }
        return until - nowMillis;
    }

    /** Records that {@code address} asked for no requests for {@code seconds} from {@code nowMillis}. */
    public synchronized void retryAfter(String address, long seconds, long nowMillis) {
        quietUntil.merge(address, nowMillis + seconds * 1000, Math::max);
    }

    /** The gate of one address, as an {@link dev.rollout.http.Exchange} asks it. */
    public Gate at(String address) {
        return new Gate() {
            @Override
            public long waitMillis(long nowMillis) {
                return RetryAfterGate.this.waitMillis(address, nowMillis);
            }

            @Override
            public OptionalLong learn(int code, Response response, long nowMillis) {
                OptionalLong seconds = RetryAfter.seconds(response.header("Retry-After"), nowMillis);
                if ((code == 429 || code == 503) && seconds.isPresent()) {
                    retryAfter(address, seconds.getAsLong(), nowMillis);
                }
                return seconds;
            }

            @Override
            public boolean retryAfterHint(int code) {
                return true;
            }

            @Override
            public String waitTooLong(String wait) {
                return "Prometheus asked to retry after " + wait;
            }

            @Override
            public String whyWaiting() {
                return "as the server asked (Retry-After)";
            }
        };
    }
}
