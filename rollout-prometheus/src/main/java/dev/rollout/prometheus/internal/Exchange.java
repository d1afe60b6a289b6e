package dev.rollout.prometheus.internal;

import dev.rollout.api.Durations;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Scheduler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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
 * One logical request to Prometheus: waits while the address asked to be left alone, sends, and
 * retries with exponential backoff on HTTP 5xx, 408, 429 (after {@code Retry-After} when given)
 * and I/O errors. Redirects are never followed, so credentials reach the configured host only.
 * Every wait goes through the injected {@link Scheduler}, so it runs on virtual time in tests;
 * nothing here blocks or sleeps. Completes with the final answer, whatever its status code.
 */
public final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    /** The final answer: status code, body, the parsed {@code Retry-After} and the attempts made. */
    public record Answer(int code, String body, OptionalLong retryAfterSeconds, int attempts) {
    }

    /** Retry, wait, timeout and size settings. */
    public record Policy(int maxRetries, Duration backoff, Duration backoffMax, Duration rateLimitMaxWait,
            long maxResponseBytes) {
    }

    private final OkHttpClient http;
    private final Request request;
    private final Duration callTimeout;
    private final Policy policy;
    private final RetryAfterGate gate;
    private final String address;
    private final Scheduler scheduler;
    private final String description;
    private final String requester;
    private final UnaryOperator<String> redact;
    private final CompletableFuture<Answer> result = new CompletableFuture<>();
    private int attempt;
    private Call call;
    private Scheduler.Cancellable pending;
    private boolean cancelled;

    /**
     * An exchange that has not started yet.
     *
     * @param callTimeout the whole-call timeout of each attempt
     * @param address the base URL, the key of {@code gate}
     * @param description what is asked, for logs and messages (never a credential)
     * @param requester who asked first, for logs ({@code rollout ns/name run r metric m})
     * @param redact removes secrets from any text that reaches a log or a message
     */
    public Exchange(OkHttpClient http, Request request, Duration callTimeout, Policy policy, RetryAfterGate gate,
            String address, Scheduler scheduler, String description, String requester, UnaryOperator<String> redact) {
        this.http = http;
        this.request = request;
        this.callTimeout = callTimeout;
        this.policy = policy;
        this.gate = gate;
        this.address = address;
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
        long wait = gate.waitMillis(address, scheduler.clock().millis());
        if (wait > policy.rateLimitMaxWait().toMillis()) {
            fail("Prometheus asked to retry after " + Durations.formatCompact(Duration.ofMillis(wait))
                    + ", longer than rateLimitMaxWait " + Durations.formatCompact(policy.rateLimitMaxWait()), null);
            return;
        }
        if (wait > 0) {
            LOG.info("{}: Prometheus {}: waiting {} as the server asked (Retry-After)", requester, description,
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
        started.enqueue(new Callback() {
            @Override
            public void onResponse(Call c, Response response) {
                handle(response);
            }

            @Override
            public void onFailure(Call c, IOException e) {
                failed(e);
            }
        });
    }

    private void handle(Response response) {
        String body;
        int code = response.code();
        long now = scheduler.clock().millis();
        OptionalLong retryAfter = retryAfter(response.header("Retry-After"), now);
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
        if ((code == 429 || code == 503) && retryAfter.isPresent()) {
            gate.retryAfter(address, retryAfter.getAsLong(), now);
        }
        boolean retryable = code >= 500 || code == 408 || code == 429;
        if (!retryable || attempt > policy.maxRetries()) {
            result.complete(new Answer(code, body, retryAfter, attempt));
            return;
        }
        Duration wait = retryAfter.isPresent() ? Duration.ofSeconds(retryAfter.getAsLong()) : backoff();
        if (wait.compareTo(policy.rateLimitMaxWait()) > 0) {
            result.complete(new Answer(code, body, retryAfter, attempt));
            return;
        }
        LOG.warn("{}: Prometheus {}: HTTP {}, retry {}/{} in {}", requester, description, code, attempt,
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
        return "Prometheus answered HTTP " + response.code() + where + "; redirects are not followed, so"
                + " credentials are sent to " + request.url().host() + " only: set address to the server's API address";
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date, in whole seconds from now (never negative). */
    static OptionalLong retryAfter(String header, long nowMillis) {
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        String text = header.trim();
        if (text.matches("\\d{1,9}")) {
            return OptionalLong.of(Long.parseLong(text));
        }
        try {
            long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return OptionalLong.of(Math.max(0, (at - nowMillis + 999) / 1000));
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
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
        LOG.warn("{}: Prometheus {}: {}, retry {}/{} in {}", requester, description, reason, attempt,
                policy.maxRetries(), Durations.formatCompact(wait));
        later(wait, this::next);
    }

    private String reason(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
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
        String message = redact.apply("Prometheus " + description + " failed: " + reason);
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
