package dev.rollout.core.conductor.notify;

import dev.rollout.api.Clock;
import dev.rollout.api.Scheduler;
import dev.rollout.api.Secret;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.spi.Notifier;
import dev.rollout.core.scheduler.ExecutorScheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts deploy notifications to a Slack-compatible incoming webhook ({@link SlackMessage}'s
 * body). Delivery is asynchronous and never throws into the caller: a 5xx, a 429 (after its
 * {@code Retry-After}) or an I/O error is retried with exponential backoff and jitter on the
 * injected {@link Scheduler}, up to {@code maxAttempts}; any other 4xx is not retried. A redirect
 * is followed only to the same scheme, host and port. Every give-up is logged once. The webhook
 * URL is a secret (its path is the credential): it never appears in a log line, an exception or
 * {@link #toString()}. Thread-safe.
 */
public final class SlackWebhookNotifier implements Notifier {
    private static final Logger LOG = LoggerFactory.getLogger(SlackWebhookNotifier.class);
    private static final int MAX_REDIRECTS = 3;

    private final Secret webhookUrl;
    private final URI uri;
    private final Scheduler scheduler;
    private final Clock clock;
    private final HttpClient client;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;

    private SlackWebhookNotifier(Builder b) {
        this.webhookUrl = b.webhookUrl;
        this.uri = b.uri;
        this.scheduler = b.scheduler != null ? b.scheduler : DefaultScheduler.INSTANCE;
        this.clock = b.clock != null ? b.clock : scheduler.clock();
        this.client = b.httpClient != null ? b.httpClient : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.requestTimeout = b.requestTimeout;
    }

    /** A builder posting to {@code webhookUrl} (an {@code http} or {@code https} URL). */
    public static Builder builder(Secret webhookUrl) {
        return new Builder(webhookUrl);
    }

    /** How one notification's delivery ended. */
    public enum Delivery {
        /** The webhook answered 2xx. */
        DELIVERED,
        /** Not delivered: a permanent answer, a refused redirect or every attempt used. */
        GAVE_UP
    }

    @Override
    public void notify(DeployNotification notification) {
        send(notification);
    }

    /**
     * Delivers {@code notification} like {@link #notify} and tells how it ended; the future
     * never completes exceptionally.
     */
    public CompletableFuture<Delivery> send(DeployNotification notification) {
        CompletableFuture<Delivery> done = new CompletableFuture<>();
        if (notification == null) {
            LOG.warn("slack webhook notification not delivered: the notification is null");
            done.complete(Delivery.GAVE_UP);
            return done;
        }
        try {
            String body = SlackMessage.render(notification);
            scheduler.execute(() -> attempt(new Job(notification, body, done), 1, uri, 0));
        } catch (RuntimeException e) {
            giveUp(new Job(notification, "", done), "could not be prepared: " + describe(e));
        }
        return done;
    }

    private void attempt(Job job, int attempt, URI target, int redirects) {
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            HttpRequest request = HttpRequest.newBuilder(target).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(job.body)).build();
            sent = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        // A virtual scheduler's clock waits for the call in flight, as it does for a provider's
        // (Scheduler.track), until its answer is back on the scheduler.
        CompletableFuture<Void> queued = new CompletableFuture<>();
        scheduler.track(queued);
        // Back on the scheduler, so retries and their delays stay on its (possibly virtual) time.
        sent.whenComplete((response, error) -> {
            try {
                scheduler.execute(() -> {
                    try {
                        handle(job, attempt, target, redirects, response, error);
                    } catch (RuntimeException e) {
                        giveUp(job, "failed: " + describe(e));
                    }
                });
            } catch (RuntimeException e) {
                giveUp(job, "could not be scheduled: " + describe(e));
            } finally {
                queued.complete(null);
            }
        });
    }

    private void handle(Job job, int attempt, URI target, int redirects, HttpResponse<Void> response,
            Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            retryOrGiveUp(job, attempt, target, "failed: " + describe(cause), Optional.empty());
            return;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            LOG.debug("{}: slack webhook delivered after {} attempt(s)", job.name(), attempt);
            job.done.complete(Delivery.DELIVERED);
        } else if (status >= 300 && status < 400) {
            redirect(job, attempt, target, redirects, response);
        } else if (status == 429) {
            // A Retry-After longer than ten backoff caps is cut: a notification that late is of little use.
            retryOrGiveUp(job, attempt, target, "answered HTTP 429", Retries.retryAfter(
                    response.headers().firstValue("Retry-After"), clock.instant(), maxBackoff.multipliedBy(10)));
        } else if (status >= 500) {
            retryOrGiveUp(job, attempt, target, "answered HTTP " + status, Optional.empty());
        } else {
            giveUp(job, "answered HTTP " + status + " (not retried)");
        }
    }

    private void redirect(Job job, int attempt, URI target, int redirects, HttpResponse<Void> response) {
        int status = response.statusCode();
        Optional<URI> location = response.headers().firstValue("Location").flatMap(l -> {
            try {
                return Optional.of(target.resolve(l));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
        if (location.isEmpty() || !Retries.sameOrigin(target, location.get())) {
            // Neither the location nor its host is logged: a redirect may carry the secret path.
            giveUp(job, "answered HTTP " + status + " redirecting to another host (not followed)");
        } else if (redirects >= MAX_REDIRECTS) {
            giveUp(job, "redirected more than " + MAX_REDIRECTS + " times");
        } else {
            attempt(job, attempt, location.get(), redirects + 1);
        }
    }

    private void retryOrGiveUp(Job job, int attempt, URI target, String why, Optional<Duration> retryAfter) {
        if (attempt >= maxAttempts) {
            giveUp(job, why + "; gave up after " + attempt + " attempts");
            return;
        }
        Duration delay = retryAfter.orElseGet(() -> Retries.backoff(attempt, initialBackoff, maxBackoff,
                ThreadLocalRandom.current()));
        LOG.debug("{}: slack webhook {}; attempt {} of {} in {}", job.name(), why, attempt + 1,
                maxAttempts, delay);
        scheduler.schedule(() -> attempt(job, attempt + 1, target, 0), delay);
    }

    private void giveUp(Job job, String why) {
        LOG.warn("{}: slack webhook notification not delivered: {}", job.name(), why);
        job.done.complete(Delivery.GAVE_UP);
    }

    /** An error in words, with the webhook URL and its path masked wherever they appear. */
    private String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String text = webhookUrl.redact(e.getClass().getSimpleName() + message);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        if (path.length() >= Secret.MIN_EMBEDDED_LENGTH) {
            text = Secret.of(path).redact(text);
            text = Secret.of(uri.getRawPath()).redact(text);
        }
        return text;
    }

    @Override
    public String toString() {
        return "SlackWebhookNotifier[webhook=****, maxAttempts=" + maxAttempts + "]";
    }

    private record Job(DeployNotification n, String body, CompletableFuture<Delivery> done) {
        String name() {
            return "service " + n.service() + " environment " + n.environment() + " revision "
                    + n.revision() + " " + n.kind();
        }
    }

    /** Used when no scheduler is given: one daemon thread, shared by every notifier. */
    private static final class DefaultScheduler {
        static final Scheduler INSTANCE = new ExecutorScheduler(1);
    }

    /** Configures a {@link SlackWebhookNotifier}; {@link #build()} validates and copies. Not thread-safe. */
    public static final class Builder {
        private final Secret webhookUrl;
        private final URI uri;
        private Scheduler scheduler;
        private Clock clock;
        private HttpClient httpClient;
        private int maxAttempts = 5;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private Duration requestTimeout = Duration.ofSeconds(10);

        private Builder(Secret webhookUrl) {
            this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
            URI parsed;
            try {
                parsed = URI.create(webhookUrl.reveal().strip());
            } catch (IllegalArgumentException e) {
                // The parser's message quotes the URL: do not pass it on.
                throw new IllegalArgumentException("webhookUrl is not a valid URL");
            }
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http") || parsed.getHost() == null) {
                throw new IllegalArgumentException("webhookUrl must be an http or https URL with a host");
            }
            this.uri = parsed;
        }

        /** Where deliveries and retries run; by default a shared one-thread real-time scheduler. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The clock an HTTP-date {@code Retry-After} is measured against; default the scheduler's. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The HTTP client; it must not follow redirects itself ({@link HttpClient.Redirect#NEVER}),
         * since this notifier decides which redirects are safe. Default: one with a 10 s connect
         * timeout.
         */
        public Builder httpClient(HttpClient client) {
            Objects.requireNonNull(client, "client");
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new IllegalArgumentException("httpClient must use HttpClient.Redirect.NEVER, was "
                        + client.followRedirects());
            }
            this.httpClient = client;
            return this;
        }

        /** Attempts per notification, the first included (1..20); 5 by default. */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("maxAttempts must be 1..20, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The first retry's delay before jitter, doubling per attempt; 1 s by default. */
        public Builder initialBackoff(Duration delay) {
            this.initialBackoff = positive(delay, "initialBackoff");
            return this;
        }

        /** The longest delay between attempts; 1 min by default (a {@code Retry-After} may be 10×). */
        public Builder maxBackoff(Duration delay) {
            this.maxBackoff = positive(delay, "maxBackoff");
            return this;
        }

        /** How long one request may take; 10 s by default. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }

        /** The notifier. */
        public SlackWebhookNotifier build() {
            if (initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("initialBackoff " + initialBackoff
                        + " is longer than maxBackoff " + maxBackoff);
            }
            return new SlackWebhookNotifier(this);
        }
    }
}
