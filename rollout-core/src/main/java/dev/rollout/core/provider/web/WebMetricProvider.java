package dev.rollout.core.provider.web;

import dev.rollout.api.Clock;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.RolloutMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Argo's {@code web} metric provider: one HTTP request per measurement (GET, POST or PUT, with
 * headers and a {@code body} or {@code jsonBody}), the JSON answer read at {@code jsonPath}. A
 * number, string or boolean is a scalar, a list is a vector; null, an empty list, a list of nulls
 * or a path matching nothing is no data; a non-2xx status, a body that is not JSON or larger than
 * the limit (default 10 MB), an object at the path, a non-finite number, a redirect to another host
 * or a timeout ({@code timeoutSeconds}, default 10, bounding the whole call) is an error. Uses the
 * JDK's asynchronous {@link HttpClient}; cancelling the returned future aborts the request.
 * Thread-safe.
 */
public final class WebMetricProvider implements MetricProvider {
    /** The default largest response body, in megabytes. */
    public static final int DEFAULT_MAX_RESPONSE_MEGABYTES = 10;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Headers whose values are not secrets, so they stay readable in messages. */
    private static final Set<String> PLAIN_HEADERS = Set.of("content-type", "accept", "user-agent");

    private static final int MIN_SECRET_PART = 8;

    private final HttpClient client;
    private final HttpClient insecureClient;
    private final Duration defaultTimeout;
    private final long maxResponseBytes;
    private final Clock clock;
    private final RolloutMetrics metrics;

    /** A provider with its own HTTP clients. */
    public WebMetricProvider() {
        this(builder());
    }

    /**
     * A provider sending through {@code client}; {@code insecureClient} serves blocks with
     * {@code insecure: true} (null: one that trusts every certificate is made when first needed).
     *
     * @throws IllegalArgumentException when a client follows redirects itself (it would send the
     *     headers to any host): build it with {@link HttpClient.Redirect#NEVER}, the JDK's default
     */
    public WebMetricProvider(HttpClient client, HttpClient insecureClient) {
        this(builder().httpClient(client).insecureHttpClient(insecureClient));
    }

    private WebMetricProvider(Builder b) {
        this.client = b.client != null ? b.client
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.insecureClient = b.insecureClient;
        requireNoRedirects(client, "client");
        if (insecureClient != null) {
            requireNoRedirects(insecureClient, "insecureClient");
        }
        this.defaultTimeout = b.defaultTimeout;
        this.maxResponseBytes = b.maxResponseMegabytes * 1024L * 1024L;
        this.clock = b.clock;
        this.metrics = b.metrics;
    }

    /** A builder to inject HTTP clients, the default timeout or the body size limit. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return "web";
    }

    @Override
    public List<String> validate(Map<String, Object> provider) {
        List<String> problems = new ArrayList<>();
        WebRequestSpec.read(provider, problems);
        return problems;
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        List<String> problems = new ArrayList<>();
        WebRequestSpec spec = WebRequestSpec.read(request.provider(), problems);
        if (spec == null) {
            return CompletableFuture.failedFuture(new ProviderException(
                    request.redact("invalid web provider: " + String.join("; ", problems))));
        }
        UnaryOperator<String> redact = text -> request.redact(redactHeaders(text, spec));
        Duration timeout = spec.timeout().orElse(defaultTimeout);
        HttpRequest http;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(spec.url())).timeout(timeout);
            boolean contentType = false;
            for (Map.Entry<String, String> h : spec.headers()) {
                b.header(h.getKey(), h.getValue());
                contentType |= h.getKey().equalsIgnoreCase("Content-Type");
            }
            if (spec.json() && !contentType) {
                b.header("Content-Type", "application/json");
            }
            b.method(spec.method(), spec.body() == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(spec.body()));
            http = b.build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new ProviderException(
                    redact.apply("invalid web request: " + e.getMessage())));
        }
        String target = redact.apply(spec.method() + " " + spec.url());
        return new WebExchange(spec.insecure() ? insecure() : client, spec, timeout, maxResponseBytes, target,
                redact, clock, metrics).start(http);
    }

    private static String redactHeaders(String text, WebRequestSpec spec) {
        String result = text;
        for (Map.Entry<String, String> h : spec.headers()) {
            if (!PLAIN_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT)) && !h.getValue().isBlank()) {
                result = Secret.of(h.getValue()).redact(result);
                // "Bearer <token>": a server echoing the token alone must not reveal it either.
                for (String part : h.getValue().trim().split("\\s+")) {
                    if (part.length() >= MIN_SECRET_PART) {
                        result = Secret.of(part).redact(result);
                    }
                }
            }
        }
        return result;
    }

    private static void requireNoRedirects(HttpClient client, String name) {
        if (client.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException(name + ": must not follow redirects (it would send the headers,"
                    + " which may carry secrets, to any host); build it with HttpClient.Redirect.NEVER:"
                    + " the provider follows same-host redirects itself");
        }
    }

    private HttpClient insecure() {
        if (insecureClient != null) {
            return insecureClient;
        }
        return InsecureHolder.CLIENT;
    }

    /** Builds a provider; not thread-safe, the built provider is. */
    public static final class Builder {
        private HttpClient client;
        private HttpClient insecureClient;
        private Duration defaultTimeout = DEFAULT_TIMEOUT;
        private int maxResponseMegabytes = DEFAULT_MAX_RESPONSE_MEGABYTES;
        private Clock clock = Clock.SYSTEM;
        private RolloutMetrics metrics = RolloutMetrics.NOOP;

        private Builder() {
        }

        /**
         * Records every HTTP request (status, latency) through {@link RolloutMetrics#providerRequest}
         * as provider {@code web}; default {@link RolloutMetrics#NOOP}.
         */
        public Builder metrics(RolloutMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The clock request latencies are measured on; default {@link Clock#SYSTEM}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The client for ordinary blocks; it must not follow redirects. Default: a new client. */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The client for {@code insecure: true} blocks (null: one that trusts every certificate). */
        public Builder insecureHttpClient(HttpClient insecureClient) {
            this.insecureClient = insecureClient;
            return this;
        }

        /** The bound on a whole call when a block sets no {@code timeoutSeconds}; default 10s. */
        public Builder defaultTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
            }
            this.defaultTimeout = timeout;
            return this;
        }

        /** The largest response body read, in megabytes; a larger one is an error; default 10. */
        public Builder maxResponseMegabytes(int megabytes) {
            if (megabytes <= 0) {
                throw new IllegalArgumentException("megabytes: must be positive, was " + megabytes);
            }
            this.maxResponseMegabytes = megabytes;
            return this;
        }

        /**
         * Builds the provider.
         *
         * @throws IllegalArgumentException when a client follows redirects
         */
        public WebMetricProvider build() {
            return new WebMetricProvider(this);
        }
    }

    /** Made only when a block asks for {@code insecure: true}. */
    private static final class InsecureHolder {
        static final HttpClient CLIENT = build();

        private static HttpClient build() {
            try {
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, new javax.net.ssl.TrustManager[] {new TrustAll()}, new SecureRandom());
                return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create an insecure TLS context", e);
            }
        }
    }

    /** Trusts every certificate and host: only for {@code insecure: true}, as Argo does. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
