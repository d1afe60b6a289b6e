package dev.rollout.datadog.internal;

import dev.rollout.api.Durations;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.spi.RolloutMetrics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical request to Datadog: waits for the rate-limit gate, sends, and retries with
 * exponential backoff on HTTP 5xx, 408, 429 (after {@code X-RateLimit-Reset}) and I/O errors.
 * Every wait goes through the injected {@link Scheduler}, so it runs on virtual time in tests;
 * nothing here blocks or sleeps. Completes with the final answer, whatever its status code.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    /** The final answer: status code, body and the parsed {@code X-RateLimit-Reset}. */
    public record Answer(int code, String body, OptionalLong resetSeconds, int attempts) {
    }

    /** Retry, rate-limit, timeout and size settings. */
    public record Policy(int maxRetries, Duration backoff, Duration backoffMax, Duration rateLimitMaxWait,
            Duration readTimeout, Duration callTimeout, long maxResponseBytes) {
    }

    private final OkHttpClient http;
    private final Request request;
    private final Policy policy;
    private final RateLimitGate gate;
    private final Scheduler scheduler;
    private final String description;
    private final String requester;
    private final UnaryOperator<String> redact;
    private final RolloutMetrics metrics;
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private int attempt;
    private Call call;
    private Scheduler.Cancellable pending;
    private boolean cancelled;

    /**
     * An exchange that has not started yet.
     *
     * @param description what is asked, for logs and messages (never a key)
     * @param requester who asked first, for logs ({@code rollout ns/name run r metric m})
     * @param redact removes secrets from any text that reaches a log or a message
     * @param metrics told of every attempt's answer or failure, with its latency on the scheduler's clock
     */
    public Exchange(OkHttpClient http, Request request, Policy policy, RateLimitGate gate,
            Scheduler scheduler, String description, String requester, UnaryOperator<String> redact,
            RolloutMetrics metrics) {
        this.metrics = metrics;
        this.http = http;
        this.request = request;
        this.policy = policy;
        this.gate = gate;
        this.scheduler = scheduler;
        this.description = description;
        this.requester = requester;
        this.redact = redact;
    }

    /** Starts the exchange; the future completes with the answer or a {@link ProviderException}. */
    public CompletableFuture<Answer> start() {
        next();
        return result;
    }

    /** Stops the exchange: cancels the call in flight and any scheduled retry. */
    public synchronized void cancel() {
        cancelled = true;
        if (call != null) {
            call.cancel();
        }
        if (pending != null) {
            pending.cancel();
        }
        result.cancel(false);
    }

    private void next() {
        long now = scheduler.clock().millis();
        long wait = gate.reserve(now);
        if (wait > policy.rateLimitMaxWait().toMillis()) {
            fail("rate limit budget exhausted; it resets in " + Durations.formatCompact(Duration.ofMillis(wait))
                    + ", longer than rateLimitMaxWait " + Durations.formatCompact(policy.rateLimitMaxWait()), null);
            return;
        }
        if (wait > 0) {
            LOG.info("{}: Datadog {}: waiting {} for the rate limit budget", requester, description,
                    Durations.formatCompact(Duration.ofMillis(wait)));
            later(Duration.ofMillis(wait), this::send);
        } else {
            send();
        }
    }

    private void send() {
        Call started;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            attempt++;
            call = http.newCall(request);
            started = call;
        }
        long sentAt = scheduler.clock().millis();
        started.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
                report(response.code(), sentAt);
                handle(response);
            }

            @Override
            public void onFailure(Call c, IOException e) {
                if (!c.isCanceled()) {
                    report(0, sentAt);
                }
                failed(e);
            }
        });
    }

    private void report(int code, long sentAt) {
        if (metrics == RolloutMetrics.NOOP) {
            return;
        }
        try {
            metrics.providerRequest("datadog", code,
                    Duration.ofMillis(Math.max(0, scheduler.clock().millis() - sentAt)));
        } catch (RuntimeException e) {
            LOG.debug("{}: metrics failed on a Datadog answer: {}", requester, e.toString());
        }
    }

    private void handle(Response response) {
        String body;
        int code = response.code();
        OptionalLong reset = header(response, "X-RateLimit-Reset");
        try (response) {
            if (code >= 300 && code < 400) {
                fail(redirected(response), null);
                return;
            }
            body = read(response.body());
        } catch (IOException e) {
            failed(e);
            return;
        }
        if (body == null) {
            fail("response body larger than " + megabytes(policy.maxResponseBytes()), null);
            return;
        }
        long now = scheduler.clock().millis();
        gate.update(header(response, "X-RateLimit-Remaining"), reset, now);
        boolean retryable = code >= 500 || code == 408 || code == 429;
        if (code == 429) {
            gate.exhausted(reset.orElse(0), now);
        }
        if (!retryable || attempt > policy.maxRetries()) {
            result.complete(new Answer(code, body, reset, attempt));
            return;
        }
        Duration wait = code == 429 && reset.isPresent() ? Duration.ofSeconds(reset.getAsLong()) : backoff();
        if (wait.compareTo(policy.rateLimitMaxWait()) > 0) {
            result.complete(new Answer(code, body, reset, attempt));
            return;
        }
        LOG.warn("{}: Datadog {}: HTTP {}, retry {}/{} in {}", requester, description, code, attempt,
                policy.maxRetries(), Durations.formatCompact(wait));
        later(wait, this::next);
    }

    /** The body, or null when it is over the limit; never buffers more than the limit and a segment. */
    private String read(ResponseBody responseBody) throws IOException {
        if (responseBody == null) {
            return "";
        }
        long limit = policy.maxResponseBytes();
        if (responseBody.contentLength() > limit) {
            return null;
        }
        BufferedSource source = responseBody.source();
        if (source.request(limit + 1)) {
            return null;
        }
        return source.getBuffer().readUtf8();
    }

    /** Names only the host redirected to: the Location's path or query may carry anything. */
    private String redirected(Response response) {
        String location = response.header("Location");
        HttpUrl to = location == null ? null : request.url().resolve(location);
        String where = to == null ? "" : " redirecting to " + (to.host().equalsIgnoreCase(request.url().host())
                && to.port() == request.url().port() ? "the same host" : "another host") + " (" + to.host() + ":"
                + to.port() + ")";
        return "Datadog answered HTTP " + response.code() + where + "; redirects are not followed, so the keys"
                + " are sent to " + request.url().host() + " only: set datadog.site to the API's address";
    }

    private static String megabytes(long bytes) {
        long mb = 1024L * 1024L;
        return bytes % mb == 0 ? bytes / mb + " MB" : bytes + " bytes";
    }

    private void failed(IOException e) {
        synchronized (this) {
            if (cancelled) {
                return;
            }
        }
        String reason = reason(e);
        if (attempt > policy.maxRetries()) {
            fail(reason + (attempt > 1 ? " (after " + attempt + " attempts)" : ""), e);
            return;
        }
        Duration wait = backoff();
        LOG.warn("{}: Datadog {}: {}, retry {}/{} in {}", requester, description, reason, attempt,
                policy.maxRetries(), Durations.formatCompact(wait));
        later(wait, this::next);
    }

    private String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out (read timeout " + Durations.formatCompact(policy.readTimeout()) + ")";
        }
        if (e instanceof InterruptedIOException) {
            return "timed out (call timeout " + Durations.formatCompact(policy.callTimeout()) + ")";
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return redact.apply("I/O error " + e.getClass().getSimpleName() + message);
    }

    private Duration backoff() {
        Duration wait = policy.backoff();
        for (int i = 1; i < attempt && wait.compareTo(policy.backoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(policy.backoffMax()) > 0 ? policy.backoffMax() : wait;
    }

    private synchronized void later(Duration wait, Runnable task) {
        if (cancelled) {
            return;
        }
        pending = scheduler.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                fail("internal error " + e.getClass().getSimpleName(), e);
            }
        }, wait);
    }

    private void fail(String reason, Throwable cause) {
        // The cause is kept only when its message has been checked free of secrets.
        String message = redact.apply("Datadog " + description + " failed: " + reason);
        result.completeExceptionally(cause == null ? new ProviderException(message)
                : new ProviderException(message, new SanitizedCause(cause, redact)));
    }

    private static OptionalLong header(Response response, String name) {
        String value = response.header(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A cause with the original type name and a redacted message, so a stack trace leaks nothing. */
    static final class SanitizedCause extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SanitizedCause(Throwable original, UnaryOperator<String> redact) {
            super(original.getClass().getName() + ": " + redact.apply(String.valueOf(original.getMessage())));
            setStackTrace(original.getStackTrace());
        }
    }
}
