package dev.rollout.datadog;

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
import dev.rollout.datadog.internal.Answers;
import dev.rollout.datadog.internal.QuerySpec;
import dev.rollout.datadog.internal.RateLimitGate;
import dev.rollout.datadog.internal.Requests;
import dev.rollout.http.Exchange;
import dev.rollout.http.FlightGroup;
import dev.rollout.http.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
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

    private final DatadogConfig config;
    private final Clock clock;
    private final Scheduler scheduler;
    /** The timer this provider made (none injected) and so closes; null when injected. */
    private final ThreadPoolScheduler ownScheduler;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Requests requests;
    private final Answers answers;
    /** How the shared exchange names Datadog in messages. */
    private static final Service SERVICE = new Service("Datadog", "datadog", "the keys",
            "datadog.site to the API's address");
    private final Exchange.Policy policy;
    private final Duration callTimeout;
    private final RateLimitGate v1Gate;
    private final RateLimitGate v2Gate;
    private final FlightGroup<Question, MetricValue> flights;
    private final List<Secret> keys;
    private final String defaultApiVersion;
    private final Duration defaultInterval;
    private final long alignmentMillis;
    private final String baseUrl;
    private final RolloutMetrics metrics;
    private volatile boolean closed;

    /** A provider with its own HTTP client and timer thread, on the system clock. */
    public DatadogMetricProvider(DatadogConfig config) {
        this(builder(config));
    }

    private DatadogMetricProvider(Builder builder) {
        this.config = builder.config;
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems.stream()
                    .map(p -> new InvalidSpecException.SpecProblem("<datadog config>", 0, field(p), message(p)))
                    .toList());
        }
        this.ownScheduler = builder.scheduler != null ? null
                : new ThreadPoolScheduler(1, builder.clock != null ? builder.clock : Clock.SYSTEM, "rollout-datadog-timer");
        this.scheduler = builder.scheduler != null ? builder.scheduler : ownScheduler;
        this.clock = builder.clock != null ? builder.clock : scheduler.clock();
        this.ownsHttp = builder.http == null;
        OkHttpClient base = builder.http != null ? builder.http : new OkHttpClient();
        this.http = base.newBuilder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout())
                .callTimeout(config.callTimeout())
                // OkHttp would resend DD-API-KEY and DD-APPLICATION-KEY to any host it is redirected to.
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        ObjectMapper mapper = new ObjectMapper();
        this.baseUrl = config.baseUrl();
        this.metrics = builder.metrics;
        this.keys = List.of(config.apiKey(), config.applicationKey());
        this.requests = new Requests(baseUrl, keys.get(0), keys.get(1), mapper);
        this.answers = new Answers(mapper, config.pointSelection(), config.ingestionDelay().toMillis());
        this.callTimeout = config.callTimeout();
        this.policy = new Exchange.Policy(config.maxRetries(), config.retryBackoff(), config.retryBackoffMax(),
                config.rateLimitMaxWait(), config.readTimeout(), config.maxResponseMegabytes() * 1024L * 1024L);
        this.v1Gate = new RateLimitGate(config.rateLimitReserve());
        this.v2Gate = new RateLimitGate(config.rateLimitReserve());
        this.flights = new FlightGroup<>(clock::millis);
        this.defaultApiVersion = config.defaultApiVersion();
        this.defaultInterval = config.defaultInterval();
        this.alignmentMillis = config.windowAlignment().toMillis();
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
        UnaryOperator<String> redact = text -> request.redact(redactKeys(text));
        if (closed) {
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
        long at = request.at().toEpochMilli();
        // Never align coarser than the metric's interval: each measurement must see a new window.
        long alignment = Math.min(alignmentMillis, request.interval().map(Duration::toMillis).orElse(Long.MAX_VALUE));
        long to = alignment > 0 ? Math.floorDiv(at, alignment) * alignment : at;
        long from = to - interval.toMillis();
        Question question = new Question(spec.apiVersion(), spec.query(), spec.queries(), spec.formula(),
                spec.aggregator(), spec.allPoints(), from, to);
        String description = spec.describe() + " over " + Durations.formatCompact(interval) + " to " + Instant.ofEpochMilli(to);
        CompletableFuture<MetricValue> shared = flights.join(question, to + alignment,
                () -> start(spec, from, to, redact.apply(description), redact, request));
        CompletableFuture<MetricValue> mine = FlightGroup.follow(shared, error -> forCaller(error, redact));
        mine.whenComplete((value, error) -> {
            if (error == null) {
                LOG.debug("rollout {} metric {}: Datadog {} measured {}", request.rolloutId(),
                        request.metricName(), redact.apply(description), value);
            } else if (!mine.isCancelled()) {
                LOG.debug("rollout {} metric {}: {}", request.rolloutId(), request.metricName(), error.getMessage());
            }
        });
        return mine;
    }

    /** HTTP requests started so far, retries not counted: what single flight saved is visible here. */
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
        return "DatadogMetricProvider[" + baseUrl + ", apiKey=" + keys.get(0) + ", applicationKey="
                + keys.get(1) + "]";
    }

    private FlightGroup.Started<MetricValue> start(QuerySpec spec, long from, long to, String description,
            UnaryOperator<String> redact, MeasurementRequest first) {
        LOG.debug("rollout {} metric {}: asking Datadog {}", first.rolloutId(), first.metricName(), description);
        Request httpRequest = spec.isV2() ? requests.v2(spec, from, to) : requests.v1(spec.query(), from, to);
        String requester = redact.apply("rollout " + first.rolloutId() + " run " + first.runName() + " metric "
                + first.metricName());
        Exchange exchange = new Exchange(http, httpRequest, callTimeout, policy, spec.isV2() ? v2Gate : v1Gate,
                SERVICE, scheduler, description, requester, redact, metrics);
        CompletableFuture<MetricValue> value = exchange.start().thenApply(answer -> {
            try {
                return answers.interpret(answer, spec, to);
            } catch (ProviderException e) {
                throw new ProviderException(redact.apply("Datadog " + description + " failed: " + e.getMessage()));
            }
        });
        return new FlightGroup.Started<>(value, exchange::cancel);
    }

    private Throwable forCaller(Throwable error, UnaryOperator<String> redact) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ProviderException provider) {
            String message = redact.apply(provider.getMessage());
            return message.equals(provider.getMessage()) ? provider : new ProviderException(message);
        }
        if (cause instanceof java.util.concurrent.CancellationException) {
            return cause;
        }
        return new ProviderException(redact.apply("Datadog measurement failed: " + cause.getClass().getSimpleName()
                + ": " + cause.getMessage()));
    }

    private String redactKeys(String text) {
        String result = text;
        for (Secret key : keys) {
            result = key.redact(result);
        }
        return result;
    }

    private static String field(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? "datadog" : problem.substring(0, colon);
    }

    private static String message(String problem) {
        int colon = problem.indexOf(": ");
        return colon < 0 ? problem : problem.substring(colon + 2);
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
