package dev.rollout.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.Clock;
import dev.rollout.api.Durations;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.Secret;
import dev.rollout.api.ThreadPoolScheduler;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.http.Exchange;
import dev.rollout.http.FlightGroup;
import dev.rollout.http.Service;
import dev.rollout.prometheus.internal.QuerySpec;
import dev.rollout.prometheus.internal.Requests;
import dev.rollout.prometheus.internal.ResponseReader;
import dev.rollout.prometheus.internal.RetryAfterGate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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

    private final Clock clock;
    private final Scheduler scheduler;
    /** The timer this provider made (none injected) and so closes; null when injected. */
    private final ThreadPoolScheduler ownScheduler;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Requests requests;
    private final ResponseReader reader;
    /** How the shared exchange names Prometheus in messages. */
    private static final Service SERVICE = new Service("Prometheus", "prometheus", "credentials",
            "address to the server's API address");
    private final Exchange.Policy policy;
    private final RetryAfterGate gate = new RetryAfterGate();
    private final FlightGroup<Question, MetricValue> flights;
    private final Optional<String> defaultAddress;
    private final List<Secret> configSecrets;
    private final Duration callTimeout;
    private final long alignmentMillis;
    private volatile boolean closed;

    /** A provider with its own HTTP client and timer thread, on the system clock. */
    public PrometheusMetricProvider(PrometheusConfig config) {
        this(builder(config));
    }

    private PrometheusMetricProvider(Builder builder) {
        PrometheusConfig config = builder.config;
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems.stream()
                    .map(p -> new InvalidSpecException.SpecProblem("<prometheus config>", 0, field(p), message(p)))
                    .toList());
        }
        this.ownScheduler = builder.scheduler != null ? null
                : new ThreadPoolScheduler(1, builder.clock != null ? builder.clock : Clock.SYSTEM, "rollout-prometheus-timer");
        this.scheduler = builder.scheduler != null ? builder.scheduler : ownScheduler;
        this.clock = builder.clock != null ? builder.clock : scheduler.clock();
        this.ownsHttp = builder.http == null;
        OkHttpClient base = builder.http != null ? builder.http : new OkHttpClient();
        this.callTimeout = config.callTimeout();
        this.http = base.newBuilder()
                .connectTimeout(config.connectTimeout())
                // Each call gets its own whole-call timeout (the block's, else callTimeout): it bounds
                // a server dripping its answer, which a read timeout alone would not.
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                // OkHttp would resend Authorization and a block's headers to any host it is redirected to.
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        this.defaultAddress = config.address();
        List<Secret> secrets = new ArrayList<>();
        config.bearerToken().ifPresent(secrets::add);
        config.password().ifPresent(secrets::add);
        this.configSecrets = List.copyOf(secrets);
        this.requests = new Requests(new Requests.Defaults(defaultAddress, config.bearerToken(), config.username(),
                config.password()));
        this.reader = new ResponseReader(new ObjectMapper(), config.nanAsNoData());
        this.policy = new Exchange.Policy(config.maxRetries(), config.retryBackoff(), config.retryBackoffMax(),
                config.rateLimitMaxWait(), null, config.maxResponseMegabytes() * 1024L * 1024L);
        this.flights = new FlightGroup<>(clock::millis);
        this.alignmentMillis = config.windowAlignment().toMillis();
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
        if (closed) {
            return CompletableFuture.failedFuture(new ProviderException("the Prometheus provider is closed"));
        }
        QuerySpec spec;
        try {
            spec = QuerySpec.parse(request.provider());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ProviderException(
                    redact(request, List.of(), "invalid prometheus provider block: " + e.getMessage())));
        }
        Optional<String> address = spec.address().or(() -> defaultAddress);
        if (address.isEmpty()) {
            return CompletableFuture.failedFuture(new ProviderException("prometheus address: is required (set"
                    + " address in the provider block, or " + PrometheusConfig.ADDRESS_VARIABLE + ")"));
        }
        Requests.Identity identity = requests.identity(spec, address.get());
        UnaryOperator<String> redact = text -> redact(request, identity.secrets(), text);
        long at = request.at().toEpochMilli();
        // Never align coarser than the metric's interval: each measurement must see a new time.
        long alignment = Math.min(alignmentMillis, request.interval().map(Duration::toMillis).orElse(Long.MAX_VALUE));
        long time = alignment > 0 ? Math.floorDiv(at, alignment) * alignment : at;
        Question question = new Question(address.get(), spec.query(), time, identity.fingerprint());
        String description = redact.apply("query '" + spec.query() + "' at " + Instant.ofEpochMilli(time) + " on "
                + address.get());
        Duration timeout = spec.timeout().orElse(callTimeout);
        CompletableFuture<MetricValue> shared = flights.join(question, time + alignment,
                () -> start(address.get(), spec.query(), time, timeout, identity, description, redact, request));
        CompletableFuture<MetricValue> mine = FlightGroup.follow(shared, error -> forCaller(error, redact));
        mine.whenComplete((value, error) -> {
            if (error == null) {
                LOG.debug("rollout {} metric {}: Prometheus {} measured {}", request.rolloutId(),
                        request.metricName(), description, value);
            } else if (!mine.isCancelled()) {
                LOG.debug("rollout {} metric {}: {}", request.rolloutId(), request.metricName(), error.getMessage());
            }
        });
        return mine;
    }

    /** HTTP requests started so far, retries not counted: what query sharing saved is visible here. */
    public long requestsStarted() {
        return flights.requestsStarted();
    }

    /** Stops the timer thread and HTTP threads this provider created; injected ones are left alone. */
    @Override
    public void close() {
        closed = true;
        if (ownScheduler != null) {
            ownScheduler.close();
        }
        if (ownsHttp) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    @Override
    public String toString() {
        return "PrometheusMetricProvider[" + defaultAddress.orElse("<no default address>")
                + (configSecrets.isEmpty() ? "" : ", credentials=****") + "]";
    }

    private FlightGroup.Started<MetricValue> start(String address, String query, long time, Duration timeout,
            Requests.Identity identity, String description, UnaryOperator<String> redact, MeasurementRequest first) {
        LOG.debug("rollout {} metric {}: asking Prometheus {}", first.rolloutId(), first.metricName(), description);
        Request httpRequest = requests.instant(address, query, time, timeout.toMillis(), identity);
        String requester = redact.apply("rollout " + first.rolloutId() + " run " + first.runName() + " metric "
                + first.metricName());
        Exchange exchange = new Exchange(http, httpRequest, timeout, policy, gate.at(address), SERVICE, scheduler,
                description, requester, redact, RolloutMetrics.NOOP);
        CompletableFuture<MetricValue> value = exchange.start().thenApply(answer -> {
            ResponseReader.Reading reading;
            try {
                reading = reader.read(answer);
            } catch (ProviderException e) {
                throw new ProviderException(redact.apply("Prometheus " + description + " failed: " + e.getMessage()));
            }
            if (!reading.warnings().isEmpty()) {
                LOG.warn("{}: Prometheus {} warned: {}", requester, description,
                        redact.apply(String.join("; ", reading.warnings())));
            }
            return reading.value();
        });
        return new FlightGroup.Started<>(value, exchange::cancel);
    }

    private Throwable forCaller(Throwable error, UnaryOperator<String> redact) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ProviderException provider) {
            String message = redact.apply(provider.getMessage());
            return message.equals(provider.getMessage()) ? provider : new ProviderException(message);
        }
        if (cause instanceof CancellationException) {
            return cause;
        }
        return new ProviderException(redact.apply("Prometheus measurement failed: "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
    }

    /** Removes every secret that may be in {@code text}: the request's, the block's and the configured ones. */
    private String redact(MeasurementRequest request, List<Secret> blockSecrets, String text) {
        String result = text;
        List<Secret> all = new ArrayList<>(blockSecrets);
        all.addAll(configSecrets);
        all.sort((a, b) -> Integer.compare(b.reveal().length(), a.reveal().length()));
        for (Secret secret : all) {
            result = secret.redact(result);
        }
        return request.redact(result);
    }

    private static String field(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? "prometheus" : problem.substring(0, colon);
    }

    private static String message(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? problem : problem.substring(colon + 2);
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

        private Builder(PrometheusConfig config) {
            this.config = Objects.requireNonNull(config, "config");
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
