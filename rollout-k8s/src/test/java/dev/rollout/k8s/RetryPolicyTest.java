package dev.rollout.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static RetryPolicy withJitter(double value) {
        return RetryPolicy.builder().initialDelay(Duration.ofMillis(100))
                .maxDelay(Duration.ofSeconds(2)).random(() -> value).build();
    }

    @Test
    void delaysDoubleFromHalfToAllOfTheirCeilingAndStopAtTheCap() {
        RetryPolicy low = withJitter(0.0);
        RetryPolicy high = withJitter(0.999_999);

        assertThat(low.delayBeforeRetry(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(low.delayBeforeRetry(2)).isEqualTo(Duration.ofMillis(100));
        assertThat(low.delayBeforeRetry(5)).isEqualTo(Duration.ofMillis(800));
        assertThat(low.delayBeforeRetry(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(high.delayBeforeRetry(1).toMillis()).isEqualTo(99);
        assertThat(high.delayBeforeRetry(5).toMillis()).isEqualTo(1599);
        assertThat(high.delayBeforeRetry(6).toMillis()).isEqualTo(1999);
        // Far past the cap nothing overflows.
        assertThat(high.delayBeforeRetry(40).toMillis()).isEqualTo(1999);
        assertThat(high.delayBeforeRetry(Integer.MAX_VALUE).toMillis()).isEqualTo(1999);
    }

    @Test
    void retriesLostRacesThrottlingServerErrorsAndNoAnswerButNoOtherClientError() {
        assertThat(RetryPolicy.retriable(409, false)).isTrue();
        assertThat(RetryPolicy.retriable(429, false)).isTrue();
        assertThat(RetryPolicy.retriable(500, false)).isTrue();
        assertThat(RetryPolicy.retriable(503, false)).isTrue();
        assertThat(RetryPolicy.retriable(0, false)).isTrue();
        assertThat(RetryPolicy.retriable(409, true)).as("AlreadyExists").isFalse();
        for (int code : new int[] {400, 401, 403, 404, 410, 415, 422}) {
            assertThat(RetryPolicy.retriable(code, false)).as("HTTP %d", code).isFalse();
        }
    }

    @Test
    void badSettingsAreRefusedByName() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .hasMessage("maxAttempts must be at least 1, was 0");
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ZERO))
                .hasMessage("initialDelay must be positive, was PT0S");
        assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofSeconds(5))
                .maxDelay(Duration.ofSeconds(1)).build())
                .hasMessage("maxDelay (PT1S) must not be shorter than initialDelay (PT5S)");
    }
}
