package dev.rollout.datadog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.Clock;
import dev.rollout.api.Durations;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.http.Exchange;
import dev.rollout.http.Redactor;
import dev.rollout.http.Service;
import dev.rollout.http.Settings;
import dev.rollout.http.SharedMeasurements;
import dev.rollout.http.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures metrics with Datadog's query APIs: v1 {@code /api/v1/query} and v2
 * {@code /api/v2/query/scalar}, from Argo-compatible {@code datadog:} provider blocks. Identical
 * questions over the same window share one HTTP request; requests retry with backoff, respect
 * Datadog's rate limits, and never carry the keys anywhere but in headers. Thread-safe; close it
 * to release the threads it created.
 */
public final class DatadogMetricProvider implements MetricProvider, AutoCloseable {
    /** The provider block's key. */
    public static final String TYPE = "datadog";
    private static final Logger LOG = LoggerFactory.getLogger(DatadogMetricProvider.class);

    /** How the shared exchange names Datadog in messages. */
    private static final Service SERVICE = new Service("Datadog", "datadog", "the keys",
            "datadog.site to the API's address");

    private final Transport transport;
    private final Requests requests;
    private final Answers answers;
    private final RateLimitGate v1Gate;
    private final RateLimitGate v2Gate;
    private final SharedMeasurements<Question> measurements;
    private final List<Secret> keys;
    private final String defaultApiVersion;
    private final Duration defaultInterval;
    private final Duration alignment;
    private final Duration callTimeout;
    private final String baseUrl;

    /** A provider with its own HTTP client and timer thread, on the system clock. */
    public DatadogMetricProvider(DatadogConfig config) {
        this(builder(config));
    }

    private DatadogMetricProvider(Builder builder) {
        DatadogConfig config = builder.config;
        Settings.requireValid("<datadog config>", "datadog", config.validate());
        this.transport = Transport.open("rollout-datadog-timer", builder.clock, builder.scheduler, builder.http,
                config.connectTimeout(), config.readTimeout());
        ObjectMapper mapper = new ObjectMapper();
        this.baseUrl = config.baseUrl();
        this.keys = List.of(config.apiKey(), config.applicationKey());
        this.requests = new Requests(baseUrl, keys.get(0), keys.get(1), mapper);
        this.answers = new Answers(mapper, config.pointSelection(), config.ingestionDelay().toMillis());
        this.callTimeout = config.callTimeout();
        Exchange.Policy policy = new Exchange.Policy(config.maxRetries(), config.retryBackoff(),
                config.retryBackoffMax(), config.rateLimitMaxWait(), config.readTimeout(),
                config.maxResponseMegabytes() * 1024L * 1024L);
        this.v1Gate = new RateLimitGate(config.rateLimitReserve());
        this.v2Gate = new RateLimitGate(config.rateLimitReserve());
        this.measurements = new SharedMeasurements<>(SERVICE, transport, policy, builder.metrics, LOG);
        this.defaultApiVersion = config.defaultApiVersion();
        this.defaultInterval = config.defaultInterval();
        this.alignment = config.windowAlignment();
        LOG.info("Datadog provider for {}: default apiVersion {}, point selection {}, {} retries",
                baseUrl, defaultApiVersion, config.pointSelection().text(), config.maxRetries());
    }

    /** A builder to inject a clock, a scheduler or an HTTP client. */
    public static Builder builder(DatadogConfig config) {
        return new Builder(config);
    }

    /**
     * A provider configured from the process environment ({@code DD_API_KEY}, {@code DD_APP_KEY},
     * {@code DD_ADDRESS} or {@code DD_SITE}), as Argo Rollouts reads it.
     *
     * @throws InvalidSpecException naming the missing variables
     */
    public static DatadogMetricProvider fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** A provider configured from {@code env} with the variable names of {@link #fromEnvironment()}. */
    public static DatadogMetricProvider fromEnvironment(Map<String, String> env) {
        return new DatadogMetricProvider(DatadogConfig.fromEnvironment(env));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> validate(Map<String, Object> provider) {
        return QuerySpec.validate(provider == null ? Map.of() : provider, defaultApiVersion);
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        UnaryOperator<String> redact = text -> request.redact(Redactor.redact(text, keys));
        if (transport.isClosed()) {
            return CompletableFuture.failedFuture(new ProviderException("the Datadog provider is closed"));
        }
        QuerySpec spec;
        try {
            spec = QuerySpec.parse(request.provider(), defaultApiVersion);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(
                    new ProviderException(redact.apply("invalid datadog provider block: " + e.getMessage())));
        }
        Duration interval = spec.interval().or(request::interval).orElse(defaultInterval);
        SharedMeasurements.Slot slot = SharedMeasurements.Slot.of(request, alignment);
        long to = slot.atMillis();
        long from = to - interval.toMillis();
        Question question = new Question(spec.apiVersion(), spec.query(), spec.queries(), spec.formula(),
                spec.aggregator(), spec.allPoints(), from, to);
        String description = spec.describe() + " over " + Durations.formatCompact(interval) + " to " + slot.at();
        return measurements.measure(request, question, slot, description, redact, () -> new SharedMeasurements.Ask(
                spec.isV2() ? requests.v2(spec, from, to) : requests.v1(spec.query(), from, to), callTimeout,
                spec.isV2() ? v2Gate : v1Gate, (answer, requester) -> answers.interpret(answer, spec, to)));
    }

    /** HTTP requests started so far, retries not counted: what single flight saved is visible here. */
    public long requestsStarted() {
        return measurements.requestsStarted();
    }

    /** Stops the timer thread and HTTP threads this provider created; injected ones are left alone. */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "DatadogMetricProvider[" + baseUrl + ", apiKey=" + keys.get(0) + ", applicationKey="
                + keys.get(1) + "]";
    }

    /** Equal questions share one request: the API version, the queries and the window. */
    private record Question(String apiVersion, String query, Map<String, String> queries, String formula,
            String aggregator, boolean allPoints, long from, long to) {
    }

    /** Builds a provider; not thread-safe, the built provider is. */
    public static final class Builder {
        private final DatadogConfig config;
        private Clock clock;
        private Scheduler scheduler;
        private OkHttpClient http;
        private RolloutMetrics metrics = RolloutMetrics.NOOP;

        private Builder(DatadogConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Records every HTTP attempt (status, 429s, latency on the scheduler's clock) through
         * {@link RolloutMetrics#providerRequest} as provider {@code datadog}; default
         * {@link RolloutMetrics#NOOP}.
         */
        public Builder metrics(RolloutMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The clock for windows and rate limits; default the scheduler's clock, else {@link Clock#SYSTEM}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The scheduler for retry backoff and rate-limit waits; default a daemon timer thread. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * The OkHttp client to share (its connection pool and dispatcher); the configured
         * timeouts are applied to a derived client. Default: a new client.
         */
        public Builder httpClient(OkHttpClient httpClient) {
            this.http = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws InvalidSpecException listing every problem of the configuration
         */
        public DatadogMetricProvider build() {
            return new DatadogMetricProvider(this);
        }
    }
}
