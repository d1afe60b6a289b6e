package dev.rollout.http;

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
import java.util.concurrent.TimeUnit;
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
 * One logical request to an HTTP metrics server: waits while its {@link Gate} says so, sends
 * with a whole-call timeout, and retries with exponential backoff on HTTP 5xx, 408, 429 (after the
 * server's hint where the gate honours it) and I/O errors. Redirects are never followed, so
 * credentials reach the configured host only; a body over the limit fails without being buffered.
 * Every wait goes through the injected {@link Scheduler}, so it runs on virtual time in tests;
 * nothing here blocks or sleeps. Completes with the final answer, whatever its status code.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    /** The final answer: status code, body, the gate's hint in seconds and the attempts made. */
    public record Answer(int code, String body, OptionalLong hintSeconds, int attempts) {
    }

    /**
     * Retry, wait, timeout and size settings.
     *
     * @param readTimeout the client's read timeout, named when a read times out; null when the
     *        client has none, so every timeout is the call timeout
     */
    public record Policy(int maxRetries, Duration backoff, Duration backoffMax, Duration rateLimitMaxWait,
            Duration readTimeout, long maxResponseBytes) {
    }

    private final OkHttpClient http;
    private final Request request;
    private final Duration callTimeout;
    private final Policy policy;
    private final Gate gate;
    private final Service service;
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
     * @param callTimeout the whole-call timeout of each attempt
     * @param service the server, as messages name it
     * @param description what is asked, for logs and messages (never a credential)
     * @param requester who asked first, for logs ({@code rollout ns/name run r metric m})
     * @param redact removes secrets from any text that reaches a log or a message
     * @param metrics told of every attempt's answer or failure, with its latency on the scheduler's clock
     */
    public Exchange(OkHttpClient http, Request request, Duration callTimeout, Policy policy, Gate gate,
            Service service, Scheduler scheduler, String description, String requester,
            UnaryOperator<String> redact, RolloutMetrics metrics) {
        this.metrics = metrics;
        this.http = http;
        this.request = request;
        this.callTimeout = callTimeout;
        this.policy = policy;
        this.gate = gate;
        this.service = service;
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
        long wait = gate.waitMillis(scheduler.clock().millis());
        if (wait > policy.rateLimitMaxWait().toMillis()) {
            fail(gate.waitTooLong(Durations.formatCompact(Duration.ofMillis(wait)))
                    + ", longer than rateLimitMaxWait " + Durations.formatCompact(policy.rateLimitMaxWait()), null);
            return;
        }
        if (wait > 0) {
            LOG.info("{}: {} {}: waiting {} {}", requester, service.name(), description, gate.whyWaiting(),
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
            call.timeout().timeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
            metrics.providerRequest(service.metricsName(), code,
                    Duration.ofMillis(Math.max(0, scheduler.clock().millis() - sentAt)));
        } catch (RuntimeException e) {
            LOG.debug("{}: metrics failed on a {} answer: {}", requester, service.name(), e.toString());
        }
    }

    private void handle(Response response) {
        String body;
        int code = response.code();
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
        OptionalLong hint = gate.learn(code, response, scheduler.clock().millis());
        boolean retryable = code >= 500 || code == 408 || code == 429;
        if (!retryable || attempt > policy.maxRetries()) {
            result.complete(new Answer(code, body, hint, attempt));
            return;
        }
        Duration wait = gate.retryAfterHint(code) && hint.isPresent() ? Duration.ofSeconds(hint.getAsLong()) : backoff();
        if (wait.compareTo(policy.rateLimitMaxWait()) > 0) {
            result.complete(new Answer(code, body, hint, attempt));
            return;
        }
        LOG.warn("{}: {} {}: HTTP {}, retry {}/{} in {}", requester, service.name(), description, code, attempt,
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
        return service.name() + " answered HTTP " + response.code() + where + "; redirects are not followed, so "
                + service.credentials() + " are sent to " + request.url().host() + " only: set " + service.addressAdvice();
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
        LOG.warn("{}: {} {}: {}, retry {}/{} in {}", requester, service.name(), description, reason, attempt,
                policy.maxRetries(), Durations.formatCompact(wait));
        later(wait, this::next);
    }

    private String reason(IOException e) {
        if (e instanceof SocketTimeoutException && policy.readTimeout() != null) {
            return "timed out (read timeout " + Durations.formatCompact(policy.readTimeout()) + ")";
        }
        if (e instanceof InterruptedIOException) {
            return "timed out (call timeout " + Durations.formatCompact(callTimeout) + ")";
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
        String message = redact.apply(service.name() + " " + description + " failed: " + reason);
        result.completeExceptionally(cause == null ? new ProviderException(message)
                : new ProviderException(message, new SanitizedCause(cause, redact)));
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
