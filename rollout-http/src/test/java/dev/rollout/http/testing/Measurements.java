package dev.rollout.http.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Requests and answers of an HTTP provider's unit tests, waiting at most 10 s of real time. */
public final class Measurements {
    private Measurements() {
    }

    /** The request of metric {@code error-rate} of rollout {@code default/checkout} for {@code block} at {@code now}. */
    public static MeasurementRequest request(Map<String, Object> block, Instant now, Optional<Duration> interval,
            List<dev.rollout.api.Secret> secrets) {
        return new MeasurementRequest("default/checkout", "checkout-2-step1", "error-rate", block,
                now, interval, Duration.ofSeconds(30), secrets);
    }

    /** The value {@code future} completes with. */
    public static MetricValue value(CompletableFuture<MetricValue> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    /** The {@link ProviderException} {@code future} fails with; fails the test otherwise. */
    public static ProviderException failure(CompletableFuture<MetricValue> future) {
        Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }
}
