package dev.rollout.http;

import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.RolloutMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;

/**
 * How an HTTP metric provider measures: equal questions share one {@link Exchange} through a
 * {@link FlightGroup}, each caller gets its own future with failures redacted for it, and the
 * outcome is logged with the rollout and metric. Providers keep their own questions, requests
 * and response mapping. Thread-safe.
 *
 * @param <K> the question; equal questions share one request
 */
public final class SharedMeasurements<K> {

    /**
     * One request to send for a question.
     *
     * @param timeout the whole-call timeout of each attempt
     * @param gate what the server said about when to ask next
     * @param reader turns the final answer into a value
     */
    public record Ask(okhttp3.Request request, Duration timeout, Gate gate, Reader reader) {
        /** Checks that every part is given. */
        public Ask {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(reader, "reader");
        }
    }

    /** Turns a final answer into a value. */
    @FunctionalInterface
    public interface Reader {
        /**
         * The value of {@code answer}.
         *
         * @param requester who asked first, for logs
         * @throws ProviderException when the answer is an error or cannot be read; its message is
         *     prefixed with the service and the question and redacted
         */
        MetricValue read(Exchange.Answer answer, String requester);
    }

    /**
     * The time a measurement asks about, rounded down to the alignment so that measurements of
     * many rollouts in one slot ask the same question, and until when its answer may be reused.
     */
    public record Slot(long atMillis, long alignmentMillis) {
        /**
         * The slot of a measurement at {@code at}; never coarser than the metric's
         * {@code interval}, so each measurement sees a new window.
         */
        public static Slot of(MeasurementRequest request, Duration alignment) {
            long at = request.at().toEpochMilli();
            long step = Math.min(alignment.toMillis(),
                    request.interval().map(Duration::toMillis).orElse(Long.MAX_VALUE));
            return new Slot(step > 0 ? Math.floorDiv(at, step) * step : at, step);
        }

        /** The aligned time as an instant. */
        public Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }

        /** Until when a successful answer may be given to later callers. */
        public long reuseUntilMillis() {
            return atMillis + alignmentMillis;
        }
    }

    private final Service service;
    private final Transport transport;
    private final Exchange.Policy policy;
    private final RolloutMetrics metrics;
    private final Logger log;
    private final FlightGroup<K, MetricValue> flights;

    /**
     * Measurements for one provider.
     *
     * @param metrics told of every HTTP attempt, as provider {@code service.metricsName()}
     * @param log the provider's logger, so its lines keep the provider's name
     */
    public SharedMeasurements(Service service, Transport transport, Exchange.Policy policy, RolloutMetrics metrics,
            Logger log) {
        this.service = Objects.requireNonNull(service, "service");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
        this.flights = new FlightGroup<>(transport.clock()::millis);
    }

    /**
     * Measures {@code question} for {@code request}: joins the flight asking it, or starts one
     * with {@code ask}, which is called only then.
     *
     * @param description what is asked, for logs and messages; redacted here
     * @param redact removes every secret the request, the block or the configuration may carry
     */
    public CompletableFuture<MetricValue> measure(MeasurementRequest request, K question, Slot slot,
            String description, UnaryOperator<String> redact, Supplier<Ask> ask) {
        String shown = redact.apply(description);
        CompletableFuture<MetricValue> shared = flights.join(question, slot.reuseUntilMillis(),
                () -> start(ask.get(), shown, redact, request));
        CompletableFuture<MetricValue> mine = FlightGroup.follow(shared, error -> forCaller(error, redact));
        mine.whenComplete((value, error) -> {
            if (error == null) {
                log.debug("rollout {} metric {}: {} {} measured {}", request.rolloutId(), request.metricName(),
                        service.name(), shown, value);
            } else if (!mine.isCancelled()) {
                log.debug("rollout {} metric {}: {}", request.rolloutId(), request.metricName(), error.getMessage());
            }
        });
        return mine;
    }

    /** HTTP requests started so far, retries not counted: what sharing saved is visible here. */
    public long requestsStarted() {
        return flights.requestsStarted();
    }

    private FlightGroup.Started<MetricValue> start(Ask ask, String description, UnaryOperator<String> redact,
            MeasurementRequest first) {
        log.debug("rollout {} metric {}: asking {} {}", first.rolloutId(), first.metricName(), service.name(),
                description);
        String requester = redact.apply("rollout " + first.rolloutId() + " run " + first.runName() + " metric "
                + first.metricName());
        Exchange exchange = new Exchange(transport.http(), ask.request(), ask.timeout(), policy, ask.gate(),
                service, transport.scheduler(), description, requester, redact, metrics);
        CompletableFuture<MetricValue> value = exchange.start().thenApply(answer -> {
            try {
                return ask.reader().read(answer, requester);
            } catch (ProviderException e) {
                throw new ProviderException(redact.apply(service.name() + " " + description + " failed: "
                        + e.getMessage()));
            }
        });
        return new FlightGroup.Started<>(value, exchange::cancel);
    }

    /** A shared failure as this caller may see it: a provider error, redacted for its request. */
    private Throwable forCaller(Throwable error, UnaryOperator<String> redact) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ProviderException provider) {
            String message = redact.apply(provider.getMessage());
            return message.equals(provider.getMessage()) ? provider : new ProviderException(message);
        }
        if (cause instanceof CancellationException) {
            return cause;
        }
        return new ProviderException(redact.apply(service.name() + " measurement failed: "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
    }
}
