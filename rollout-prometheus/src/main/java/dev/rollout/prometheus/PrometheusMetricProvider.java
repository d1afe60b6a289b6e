package dev.rollout.prometheus;

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
import dev.rollout.prometheus.internal.QuerySpec;
import dev.rollout.prometheus.internal.Requests;
import dev.rollout.prometheus.internal.ResponseReader;
import dev.rollout.prometheus.internal.RetryAfterGate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures metrics with Prometheus instant queries ({@code /api/v1/query} at the measurement's
 * time) from Argo-compatible {@code prometheus:} provider blocks, mapping results as Argo Rollouts
 * does: a vector is a list ({@code result[0]}, {@code all(result, ...)}), a scalar a number, an
 * empty vector no data. Identical queries at the same (aligned) time on the same address with the
 * same headers share one HTTP request; requests retry with backoff, honour {@code Retry-After},
 * never follow redirects, and never print credentials. Thread-safe; close it to release the
 * threads it created.
 */
public final class PrometheusMetricProvider implements MetricProvider, AutoCloseable {
    /** The provider block's key. */
    public static final String TYPE = "prometheus";
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetricProvider.class);

    /** How the shared exchange names Prometheus in messages. */
    private static final Service SERVICE = new Service("Prometheus", "prometheus", "credentials",
            "address to the server's API address");

    private final Transport transport;
    private final Requests requests;
    private final ResponseReader reader;
    private final RetryAfterGate gate = new RetryAfterGate();
    private final SharedMeasurements<Question> measurements;
    private final Optional<String> defaultAddress;
    private final List<Secret> configSecrets;
    private final Duration callTimeout;
    private final Duration alignment;

    /** A provider with its own HTTP client and timer thread, on the system clock. */
    public PrometheusMetricProvider(PrometheusConfig config) {
        this(builder(config));
    }

    private PrometheusMetricProvider(Builder builder) {
        PrometheusConfig config = builder.config;
        Settings.requireValid("<prometheus config>", "prometheus", config.validate());
        // No read timeout: each call's whole-call timeout (the block's, else callTimeout) bounds it.
        this.transport = Transport.open("rollout-prometheus-timer", builder.clock, builder.scheduler, builder.http,
                config.connectTimeout(), null);
        this.callTimeout = config.callTimeout();
        this.defaultAddress = config.address();
        List<Secret> secrets = new ArrayList<>();
        config.bearerToken().ifPresent(secrets::add);
        config.password().ifPresent(secrets::add);
        this.configSecrets = List.copyOf(secrets);
        this.requests = new Requests(new Requests.Defaults(defaultAddress, config.bearerToken(), config.username(),
                config.password()));
        this.reader = new ResponseReader(new ObjectMapper(), config.nanAsNoData());
        Exchange.Policy policy = new Exchange.Policy(config.maxRetries(), config.retryBackoff(),
                config.retryBackoffMax(), config.rateLimitMaxWait(), null, config.maxResponseMegabytes() * 1024L * 1024L);
        this.measurements = new SharedMeasurements<>(SERVICE, transport, policy, builder.metrics, LOG);
        this.alignment = config.windowAlignment();
        LOG.info("Prometheus provider: default address {}, call timeout {}, {} retries, NaN {}",
                defaultAddress.orElse("<none: blocks name theirs>"), Durations.formatCompact(callTimeout),
                config.maxRetries(), config.nanAsNoData() ? "is no data" : "is a value");
    }

    /** A builder to inject a clock, a scheduler or an HTTP client. */
    public static Builder builder(PrometheusConfig config) {
        return new Builder(config);
    }

    /**
     * A provider whose default address is {@value PrometheusConfig#ADDRESS_VARIABLE} of the
     * process environment, as Argo Rollouts reads it (unset: blocks must name their address).
     */
    public static PrometheusMetricProvider fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** A provider configured from {@code env} as {@link #fromEnvironment()} is. */
    public static PrometheusMetricProvider fromEnvironment(Map<String, String> env) {
        return new PrometheusMetricProvider(PrometheusConfig.fromEnvironment(env));
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The address of blocks that name none, if one is configured. */
    public Optional<String> defaultAddress() {
        return defaultAddress;
    }

    @Override
    public List<String> validate(Map<String, Object> provider) {
        return QuerySpec.validate(provider == null ? Map.of() : provider);
    }

    /**
     * The Argo features of {@code provider} this provider refuses to measure (SigV4, OAuth2,
     * {@code insecure}, {@code rangeQuery}), each starting with its field and saying what to do
     * instead; empty when it can measure the block. Such blocks load and lint, as Argo YAML must.
     */
    public List<String> unsupported(Map<String, Object> provider) {
        return QuerySpec.unsupported(provider == null ? Map.of() : provider);
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        if (transport.isClosed()) {
            return CompletableFuture.failedFuture(new ProviderException("the Prometheus provider is closed"));
        }
        QuerySpec spec;
        try {
            spec = QuerySpec.parse(request.provider());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ProviderException(
                    request.redact(Redactor.redact("invalid prometheus provider block: " + e.getMessage(),
                            configSecrets))));
        }
        Optional<String> address = spec.address().or(() -> defaultAddress);
        if (address.isEmpty()) {
            return CompletableFuture.failedFuture(new ProviderException("prometheus address: is required (set"
                    + " address in the provider block, or " + PrometheusConfig.ADDRESS_VARIABLE + ")"));
        }
        Requests.Identity identity = requests.identity(spec, address.get());
        UnaryOperator<String> redact = text -> request.redact(Redactor.redact(text, identity.secrets(), configSecrets));
        SharedMeasurements.Slot slot = SharedMeasurements.Slot.of(request, alignment);
        Question question = new Question(address.get(), spec.query(), slot.atMillis(), identity.fingerprint());
        String description = "query '" + spec.query() + "' at " + slot.at() + " on " + address.get();
        Duration timeout = spec.timeout().orElse(callTimeout);
        return measurements.measure(request, question, slot, description, redact, () -> new SharedMeasurements.Ask(
                requests.instant(address.get(), spec.query(), slot.atMillis(), timeout.toMillis(), identity), timeout,
                gate.at(address.get()), (answer, requester) -> {
                    ResponseReader.Reading reading = reader.read(answer);
                    if (!reading.warnings().isEmpty()) {
                        LOG.warn("{}: Prometheus {} warned: {}", requester, redact.apply(description),
                                redact.apply(String.join("; ", reading.warnings())));
                    }
                    return reading.value();
                }));
    }

    /** HTTP requests started so far, retries not counted: what query sharing saved is visible here. */
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
        return "PrometheusMetricProvider[" + defaultAddress.orElse("<no default address>")
                + (configSecrets.isEmpty() ? "" : ", credentials=****") + "]";
    }

    /**
     * Equal questions share one request: the address, the query, the time, and the headers
     * (tenants, credentials) as a fingerprint, so two tenants never see each other's answer.
     */
    private record Question(String address, String query, long time, String headersFingerprint) {
    }

    /** Builds a provider; not thread-safe, the built provider is. */
    public static final class Builder {
        private final PrometheusConfig config;
        private Clock clock;
        private Scheduler scheduler;
        private OkHttpClient http;
        private RolloutMetrics metrics = RolloutMetrics.NOOP;

        private Builder(PrometheusConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Records every HTTP attempt (status, 429s, latency on the scheduler's clock) through
         * {@link RolloutMetrics#providerRequest} as provider {@code prometheus}; default
         * {@link RolloutMetrics#NOOP}.
         */
        public Builder metrics(RolloutMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The clock for answer reuse and waits; default the scheduler's clock, else {@link Clock#SYSTEM}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The scheduler for retry backoff and {@code Retry-After} waits; default a daemon timer thread. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * The OkHttp client to share (its connection pool and dispatcher); the provider's timeouts
         * and redirect policy are applied to a derived client. Default: a new client.
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
        public PrometheusMetricProvider build() {
            return new PrometheusMetricProvider(this);
        }
    }
}
