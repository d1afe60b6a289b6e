package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollout.api.ProviderException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link MetricProvider} keeps, as tests a provider module inherits. A subclass
 * supplies the provider and, for each case, makes its backend answer that way and returns the
 * provider block that asks for it:
 *
 * <pre>{@code
 * class MyProviderCompatibilityTest extends MetricProviderCompatibilityKit {
 *     protected MetricProvider provider() { return new MyProvider(...); }
 *     protected Map<String, Object> scalar(double value) { backend.answer(value); return Map.of("query", "q"); }
 *     ...
 * }
 * }</pre>
 *
 * Checks: value shapes (scalar, vector, no data), errors as values (a future failed with a
 * {@link ProviderException} without secrets, never an exception thrown by {@code measure}), the
 * kit's provider blocks passing {@code validate}, never blocking the caller, cancellation (on
 * timeout or a terminated run) stopping the provider's work, and concurrent measurements.
 */
public abstract class MetricProviderCompatibilityKit {
    /** A secret passed with every request; it must never appear in a provider's messages. */
    protected static final Secret MARKER = Secret.of("kit-secret-7f3a9c");

    /** The provider under test. */
    protected abstract MetricProvider provider();

    /** Makes the backend answer the scalar {@code value}; returns the provider block asking for it. */
    protected abstract Map<String, Object> scalar(double value);

    /** Makes the backend answer the vector {@code values}; returns the provider block asking for it. */
    protected abstract Map<String, Object> vector(List<Double> values);

    /** Makes the backend answer with no data; returns the provider block asking for it. */
    protected abstract Map<String, Object> noData();

    /**
     * Makes the backend fail (its message may include {@link #MARKER}'s value); returns the
     * provider block asking for it.
     */
    protected abstract Map<String, Object> error();

    /** Makes the backend never answer; returns the provider block asking for it. */
    protected abstract Map<String, Object> hang();

    /**
     * Whether the backend saw the hung request stop (connection closed, job deleted) within
     * {@code within} after its future was cancelled. Backends that cannot observe it return true.
     */
    protected boolean hangStopped(Duration within) throws InterruptedException {
        return true;
    }

    /** How long a test waits for an answer that should come. */
    protected Duration patience() {
        return Duration.ofSeconds(10);
    }

    /** A request for {@code block}, carrying {@link #MARKER} as a secret. */
    protected MeasurementRequest request(Map<String, Object> block) {
        return new MeasurementRequest("kit/rollout", "kit-run", "kit-metric", block, Instant.now(),
                Optional.of(Duration.ofMinutes(1)), Duration.ofSeconds(30), List.of(MARKER));
    }

    private MetricValue measure(Map<String, Object> block) throws Exception {
        return start(block).get(patience().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts a measurement of {@code block}; the backend is set up before the provider is asked for. */
    private CompletableFuture<MetricValue> start(Map<String, Object> block) {
        MeasurementRequest request = request(block);
        return provider().measure(request);
    }

    private static double number(Object o) {
        assertThat(o).isInstanceOf(Number.class);
        return ((Number) o).doubleValue();
    }

    @Test
    void scalarValue() throws Exception {
        MetricValue value = measure(scalar(0.42));
        assertThat(value).isInstanceOf(MetricValue.Scalar.class);
        assertThat(number(((MetricValue.Scalar) value).value())).isEqualTo(0.42);
    }

    @Test
    void vectorValue() throws Exception {
        MetricValue value = measure(vector(List.of(0.1, 0.2, 0.3)));
        assertThat(value).isInstanceOf(MetricValue.Vector.class);
        List<Object> values = ((MetricValue.Vector) value).values();
        assertThat(values).hasSize(3);
        assertThat(values.stream().map(MetricProviderCompatibilityKit::number).toList())
                .containsExactly(0.1, 0.2, 0.3);
    }

    @Test
    void noDataIsAValueNotAnError() throws Exception {
        assertThat(measure(noData())).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void errorsAreProviderExceptionsWithoutSecrets() {
        CompletableFuture<MetricValue> f = start(error());
        Throwable thrown = catchThrowable(() -> f.get(patience().toMillis(), TimeUnit.MILLISECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        assertThat(thrown.getCause().getMessage()).isNotBlank().doesNotContain(MARKER.reveal());
    }

    @Test
    void errorsAreReturnedInTheFutureNeverThrownByMeasure() {
        Map<String, Object> block = error();
        List<CompletableFuture<MetricValue>> started = new ArrayList<>();

        assertThatCode(() -> started.add(start(block))).as("measure() of a failing backend")
                .doesNotThrowAnyException();

        assertThat(started.get(0)).isNotNull();
        assertThat(started.get(0)).failsWithin(patience());
    }

    @Test
    void theKitsProviderBlocksAreValid() {
        for (Map<String, Object> block : List.of(scalar(1.0), vector(List.of(1.0)), noData())) {
            assertThat(provider().validate(block)).as("validate(%s)", block).isNotNull().isEmpty();
        }
    }

    @Test
    void neverBlocksTheCaller() {
        Map<String, Object> block = hang();
        long start = System.nanoTime();
        CompletableFuture<MetricValue> f = start(block);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(f).isNotDone();
        f.cancel(true);
    }

    @Test
    void aTimedOutMeasurementIsCancelledAndTheProviderStops() throws Exception {
        CompletableFuture<MetricValue> f = start(hang());
        assertThatThrownBy(() -> f.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(f.cancel(true)).isTrue();
        assertThat(f).isCancelled();
        assertThat(hangStopped(patience())).as("the backend saw the request stop").isTrue();
    }

    @Test
    void cancellationBeforeAnAnswerLeavesNothingRunning() throws Exception {
        CompletableFuture<MetricValue> hung = start(hang());
        hung.cancel(true);
        assertThat(hung).isCancelled();
        assertThat(hangStopped(patience())).isTrue();
        // the provider still answers afterwards
        assertThat(measure(scalar(1.0))).isInstanceOf(MetricValue.Scalar.class);
    }

    @Test
    void concurrentMeasurementsAllComplete() throws Exception {
        Map<String, Object> block = scalar(0.5);
        MetricProvider provider = provider();
        List<CompletableFuture<MetricValue>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(provider.measure(request(block)));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(patience().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(futures).allMatch(f -> f.join() instanceof MetricValue.Scalar);
    }
}
