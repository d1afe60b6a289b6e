package dev.rollout.api.spi;

import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Measures a metric: one measurement per call. Implementations must not block the calling
 * thread (the engine's scheduler): do I/O asynchronously or on an executor of their own, and
 * stop the work when the returned future is cancelled (the engine cancels on timeout and when
 * the analysis is terminated). Thread-safe.
 */
public interface MetricProvider {

    /** The provider block's key in a metric, for example {@code web} or {@code datadog}. */
    String type();

    /**
     * Starts a measurement and returns at once. The future completes with a value
     * ({@link MetricValue.NoData} when there is nothing to measure) or exceptionally with a
     * {@code ProviderException} whose message says why, without secrets: a failure is a value of
     * the future, never an exception thrown by this method.
     */
    CompletableFuture<MetricValue> measure(MeasurementRequest request);

    /**
     * Checks a provider block at load time; returns one message per problem, each starting with
     * the field it concerns relative to the provider block (for example {@code query: is required}).
     */
    default List<String> validate(Map<String, Object> provider) {
        return List.of();
    }
}
