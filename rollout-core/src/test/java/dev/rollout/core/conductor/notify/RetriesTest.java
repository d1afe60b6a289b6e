package dev.rollout.core.conductor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetriesTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration CAP = Duration.ofMinutes(10);

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            assertThat(Retries.backoff(1, Duration.ofSeconds(1), Duration.ofMinutes(1), random))
                    .isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
            assertThat(Retries.backoff(4, Duration.ofSeconds(1), Duration.ofMinutes(1), random))
                    .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(Retries.backoff(19, Duration.ofSeconds(1), Duration.ofMinutes(1), random))
                    .isBetween(Duration.ofSeconds(30), Duration.ofMinutes(1));
        }
        // Jitter: not every delay is the same.
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i ->
                Retries.backoff(3, Duration.ofSeconds(1), Duration.ofMinutes(1), random)).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void retryAfterReadsSecondsAndHttpDatesWithinZeroAndTheCap() {
        assertThat(Retries.retryAfter(Optional.of(" 30 "), NOW, CAP)).contains(Duration.ofSeconds(30));
        assertThat(Retries.retryAfter(Optional.of("Thu, 01 Jan 2026 00:02:00 GMT"), NOW, CAP))
                .contains(Duration.ofMinutes(2));
        assertThat(Retries.retryAfter(Optional.of("Wed, 31 Dec 2025 23:00:00 GMT"), NOW, CAP))
                .contains(Duration.ZERO);
        assertThat(Retries.retryAfter(Optional.of("-5"), NOW, CAP)).contains(Duration.ZERO);
        assertThat(Retries.retryAfter(Optional.of("86400"), NOW, CAP)).contains(CAP);
        assertThat(Retries.retryAfter(Optional.of("soon"), NOW, CAP)).isEmpty();
        assertThat(Retries.retryAfter(Optional.empty(), NOW, CAP)).isEmpty();
    }

    @Test
    void sameOriginComparesSchemeHostAndPort() {
        URI hook = URI.create("https://hooks.slack.com/services/T/B/x");
        assertThat(Retries.sameOrigin(hook, URI.create("https://HOOKS.slack.com:443/other"))).isTrue();
        assertThat(Retries.sameOrigin(hook, URI.create("http://hooks.slack.com/services/T/B/x"))).isFalse();
        assertThat(Retries.sameOrigin(hook, URI.create("https://hooks.slack.com:8443/x"))).isFalse();
        assertThat(Retries.sameOrigin(hook, URI.create("https://evil.example/services/T/B/x"))).isFalse();
        assertThat(Retries.sameOrigin(hook, URI.create("/relative"))).isFalse();
    }
}
