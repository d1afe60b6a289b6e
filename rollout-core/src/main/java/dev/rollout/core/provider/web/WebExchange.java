package dev.rollout.core.provider.web;

import dev.rollout.api.Clock;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.RolloutMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * One measurement's HTTP exchange. The timeout bounds the whole call (connect, headers, every
 * redirect and the last byte of the body), on real time, because the call is real. Redirects are
 * followed only within the same scheme, host and port: the request's headers may carry secrets,
 * and the JDK client would send them to any host it is redirected to.
 */
final class WebExchange {
    private static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final HttpClient client;
    private final WebRequestSpec spec;
    private final Duration timeout;
    private final long maxBytes;
    private final String target;
    private final UnaryOperator<String> redact;
    private final Clock clock;
    private final RolloutMetrics metrics;
    private final CompletableFuture<MetricValue> result = new CompletableFuture<>();
    private volatile CompletableFuture<HttpResponse<byte[]>> inFlight;
    private volatile boolean tooLarge;

    WebExchange(HttpClient client, WebRequestSpec spec, Duration timeout, long maxBytes, String target,
            UnaryOperator<String> redact, Clock clock, RolloutMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
        this.client = client;
        this.spec = spec;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.target = target;
        this.redact = redact;
    }

    /** Sends {@code first}; cancelling the returned future aborts the call in flight. */
    CompletableFuture<MetricValue> start(HttpRequest first) {
        CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS).execute(() ->
                result.completeExceptionally(new ProviderException(target + " timed out after " + format(timeout))));
        result.whenComplete((v, e) -> {
            CompletableFuture<HttpResponse<byte[]>> call = inFlight;
            if (call != null && !call.isDone()) {
                call.cancel(true);
            }
        });
        send(first, 0);
        return result;
    }

    private void send(HttpRequest request, int hops) {
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = client.sendAsync(request, LimitedBody.handler(maxBytes, () -> tooLarge = true));
        } catch (RuntimeException e) {
            result.completeExceptionally(new ProviderException(redact.apply(target + " failed: " + why(e)), e));
            return;
        }
        inFlight = sent;
        if (result.isDone()) {
            sent.cancel(true);
            return;
        }
        long sentAt = clock.millis();
        sent.whenComplete((response, error) -> {
            report(response == null ? 0 : response.statusCode(), sentAt);
            if (result.isDone()) {
                return;
            }
            try {
                if (error != null) {
                    throw failure(error);
                }
                handle(request, response, hops);
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(new ProviderException(redact.apply(target + " failed: " + why(e))));
            }
        });
    }

    /** Every answer (each redirect hop too) and every failed call, once; a cancelled call is not one. */
    private void report(int status, long sentAt) {
        if (metrics == RolloutMetrics.NOOP || (status == 0 && result.isCancelled())) {
            return;
        }
        try {
            metrics.providerRequest("web", status, Duration.ofMillis(Math.max(0, clock.millis() - sentAt)));
        } catch (RuntimeException e) {
            // Metrics never fail a measurement.
        }
    }

    private void handle(HttpRequest request, HttpResponse<byte[]> response, int hops) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
        Optional<String> location = response.headers().firstValue("Location");
        if (REDIRECTS.contains(status) && location.isPresent()) {
            URI next;
            try {
                next = request.uri().resolve(location.get().strip());
            } catch (IllegalArgumentException e) {
                throw new ProviderException(redact.apply(target + " answered HTTP " + status
                        + " with a Location that is not a URL"));
            }
            if (!sameOrigin(request.uri(), next)) {
                throw new ProviderException(redact.apply(target + " answered HTTP " + status
                        + " redirecting to another host (" + origin(next) + "); redirects to another host are"
                        + " not followed, so the request's headers never leave " + origin(request.uri())
                        + "; set url to the final address"));
            }
            if (hops >= MAX_REDIRECTS) {
                throw new ProviderException(redact.apply(target + " was redirected more than " + MAX_REDIRECTS
                        + " times"));
            }
            send(redirected(request, next, status), hops + 1);
            return;
        }
        if (status < 200 || status > 299) {
            throw new ProviderException(redact.apply(target + " answered HTTP " + status + WebValues.excerpt(body)));
        }
        try {
            result.complete(WebValues.read(body, spec, target));
        } catch (ProviderException e) {
            throw new ProviderException(redact.apply(e.getMessage()));
        }
    }

    /** The request to send after a same-origin redirect: 303, and 301/302 after a POST or PUT, become a GET. */
    private static HttpRequest redirected(HttpRequest request, URI next, int status) {
        boolean toGet = status == 303 || (status == 301 || status == 302) && !request.method().equals("GET");
        HttpRequest.Builder b = HttpRequest.newBuilder(request,
                (name, value) -> !(toGet && name.equalsIgnoreCase("Content-Type"))).uri(next);
        if (toGet) {
            b.GET();
        }
        return b.build();
    }

    private ProviderException failure(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (tooLarge) {
            return new ProviderException(target + " failed: response body larger than "
                    + LimitedBody.megabytes(maxBytes));
        }
        if (e instanceof HttpTimeoutException) {
            return new ProviderException(target + " timed out after " + format(timeout));
        }
        if (e instanceof CancellationException) {
            return new ProviderException(target + " was cancelled");
        }
        return new ProviderException(redact.apply(target + " failed: " + why(e)));
    }

    private static String why(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** {@code host:port} only: a Location's path or query may itself carry a token. */
    private static String origin(URI uri) {
        String host = uri.getHost() == null ? "?" : uri.getHost().toLowerCase(Locale.ROOT);
        return host + ":" + port(uri);
    }

    /** {@code 10s}, or {@code 300ms} below a second or for fractions. */
    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
