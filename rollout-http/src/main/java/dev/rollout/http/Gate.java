package dev.rollout.http;

import java.util.OptionalLong;
import okhttp3.Response;

/**
 * What a server says about when to ask it next (a rate-limit budget, {@code Retry-After}): an
 * {@link Exchange} asks before every attempt and tells it every answer. Implementations are thread-safe.
 */
public interface Gate {
    /** How long a request must wait from {@code nowMillis} before it is sent; 0 when it may go now. */
    long waitMillis(long nowMillis);

    /**
     * Learns from an answer whose body was read and returns the server's hint in seconds (for
     * example {@code X-RateLimit-Reset} or {@code Retry-After}), carried on the {@link Exchange.Answer}.
     */
    OptionalLong learn(int code, Response response, long nowMillis);

    /** Whether a retry of an answer with {@code code} waits for the hint instead of the backoff. */
    boolean retryAfterHint(int code);

    /** The reason a request fails when its wait, {@code wait}, is longer than allowed. */
    String waitTooLong(String wait);

    /** Why a request waits, for the log, for example {@code for the rate limit budget}. */
    String whyWaiting();
}
