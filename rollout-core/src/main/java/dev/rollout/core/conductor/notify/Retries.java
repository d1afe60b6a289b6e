package dev.rollout.core.conductor.notify;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** The webhook's retry and redirect rules, kept apart so they can be tested one by one. */
final class Retries {
    private Retries() {
    }

    /**
     * The delay before the attempt after {@code attempt} (1-based): exponential from
     * {@code initial}, capped at {@code max}, with "equal jitter" — half of it fixed, half random —
     * so many notifiers failing together do not retry in step.
     */
    static Duration backoff(int attempt, Duration initial, Duration max, RandomGenerator random) {
        long step = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(step, max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }

    /**
     * A {@code Retry-After} value (seconds or an HTTP date, measured from {@code now}) between
     * zero and {@code cap}; empty when absent or unreadable, so the backoff applies.
     */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now, Duration cap) {
        if (header.isEmpty() || header.get().isBlank()) {
            return Optional.empty();
        }
        String value = header.get().strip();
        Duration after;
        try {
            after = Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            try {
                after = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        return Optional.of(after.isNegative() ? Duration.ZERO : after.compareTo(cap) > 0 ? cap : after);
    }

    /** Whether {@code b} has {@code a}'s scheme, host and port (default ports filled in). */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
