package dev.rollout.core.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A measurement request never prints the secret values substituted into its provider block. */
class MeasurementRequestRedactionTest {
    @Test
    void toStringRedactsSecretsAnywhereInTheProviderBlock() {
        Map<String, Object> provider = Map.of("web", Map.of(
                "url", "https://api.example/q?token=S3CR3T",
                "headers", List.of(Map.of("key", "Authorization", "value", "Bearer S3CR3T"),
                        Map.of("key", "X-Short", "value", "ab1")),
                "timeoutSeconds", 5));
        MeasurementRequest request = new MeasurementRequest("r1", "run", "m", provider,
                Instant.parse("2026-01-01T00:00:00Z"), Optional.of(Duration.ofMinutes(1)),
                Duration.ofSeconds(10), List.of(Secret.of("S3CR3T"), Secret.of("ab1")));

        String text = request.toString();

        assertThat(text).doesNotContain("S3CR3T").doesNotContain("ab1")
                .contains("Bearer ****", "token=****", "value=****", "timeoutSeconds=5",
                        "rolloutId=r1", "metricName=m", "secrets=[****, ****]");
        assertThat(request.provider()).isEqualTo(provider);
    }
}
