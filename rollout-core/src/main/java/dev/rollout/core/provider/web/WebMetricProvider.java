package dev.rollout.core.provider.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Argo's {@code web} metric provider: one HTTP request per measurement (GET, POST or PUT, with
 * headers and a {@code body} or {@code jsonBody}), the JSON answer read at {@code jsonPath}. A
 * number, string or boolean is a scalar, a list is a vector, null or a path matching nothing is no
 * data; a non-2xx status, a body that is not JSON, an object at the path or a timeout
 * ({@code timeoutSeconds}, default 10) is an error. Uses the JDK's asynchronous
 * {@link HttpClient}; cancelling the returned future aborts the request. Thread-safe.
 */
public final class WebMetricProvider implements MetricProvider {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final HttpClient insecureClient;

    /** A provider with its own HTTP clients. */
    public WebMetricProvider() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), null);
    }

    /**
     * A provider sending through {@code client}; {@code insecureClient} serves blocks with
     * {@code insecure: true} (null: one that trusts every certificate is made when first needed).
     */
    public WebMetricProvider(HttpClient client, HttpClient insecureClient) {
        this.client = Objects.requireNonNull(client, "client");
        this.insecureClient = insecureClient;
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
        HttpRequest http;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(spec.url())).timeout(spec.timeout());
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
                    request.redact("invalid web request: " + e.getMessage())));
        }
        String target = request.redact(spec.method() + " " + spec.url());
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = (spec.insecure() ? insecure() : client).sendAsync(http, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ProviderException(
                    request.redact(target + " failed: " + e.getMessage()), e));
        }
        CompletableFuture<MetricValue> result = new CompletableFuture<>();
        sent.whenComplete((response, error) -> {
            if (error != null) {
                result.completeExceptionally(failure(error, target, spec, request));
                return;
            }
            try {
                result.complete(read(response, spec, target, request));
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            }
        });
        // Cancelling our future (timeout or terminated run) aborts the HTTP exchange.
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }

    private static ProviderException failure(Throwable error, String target, WebRequestSpec spec,
            MeasurementRequest request) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof HttpTimeoutException) {
            return new ProviderException(target + " timed out after " + spec.timeout().toSeconds() + "s");
        }
        if (e instanceof CancellationException) {
            return new ProviderException(target + " was cancelled");
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        return new ProviderException(request.redact(target + " failed: " + why));
    }

    private static MetricValue read(HttpResponse<String> response, WebRequestSpec spec, String target,
            MeasurementRequest request) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status < 200 || status > 299) {
            throw new ProviderException(request.redact(target + " answered HTTP " + status
                    + excerpt(body)));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            throw new ProviderException(request.redact(target + " answered a body that is not JSON"
                    + excerpt(body)));
        }
        List<JsonNode> found = spec.jsonPath() == null ? List.of(root) : spec.jsonPath().select(root);
        if (found.isEmpty()) {
            return new MetricValue.NoData("jsonPath " + spec.jsonPath() + " matched nothing");
        }
        if (found.size() > 1 || spec.jsonPath() != null && spec.jsonPath().hasWildcard()) {
            List<Object> values = new ArrayList<>();
            for (JsonNode n : found) {
                values.add(element(n, spec, target));
            }
            return MetricValue.Vector.of(values);
        }
        JsonNode node = found.get(0);
        if (node.isNull()) {
            return new MetricValue.NoData("jsonPath " + spec.jsonPath() + " is null");
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.elements().forEachRemaining(n -> values.add(element(n, spec, target)));
            return MetricValue.Vector.of(values);
        }
        return new MetricValue.Scalar(element(node, spec, target));
    }

    private static Object element(JsonNode n, WebRequestSpec spec, String target) {
        if (n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        throw new ProviderException(target + ": jsonPath " + (spec.jsonPath() == null ? "$" : spec.jsonPath())
                + " selects " + (n.isObject() ? "an object" : "a nested list")
                + "; select a number, string, boolean or list of them");
    }

    private static String excerpt(String body) {
        String s = body.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    private HttpClient insecure() {
        if (insecureClient != null) {
            return insecureClient;
        }
        return InsecureHolder.CLIENT;
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
