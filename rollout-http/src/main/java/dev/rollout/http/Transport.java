package dev.rollout.http;

import dev.rollout.api.Clock;
import dev.rollout.api.Scheduler;
import dev.rollout.api.ThreadPoolScheduler;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;

/**
 * What an HTTP metric provider runs on: its clock, the scheduler for retries and waits, and an
 * OkHttp client that never follows redirects (they would resend credentials to another host).
 * Whatever was not injected is created here and released by {@link #close()}; injected ones are
 * left alone. Thread-safe.
 */
public final class Transport implements AutoCloseable {
    private final Clock clock;
    private final Scheduler scheduler;
    private final ThreadPoolScheduler ownScheduler;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private volatile boolean closed;

    private Transport(Clock clock, Scheduler scheduler, ThreadPoolScheduler ownScheduler, OkHttpClient http,
            boolean ownsHttp) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
        this.http = http;
        this.ownsHttp = ownsHttp;
    }

    /**
     * A transport over what a provider's builder was given, each possibly null.
     *
     * @param timerThread the name of the timer thread made when no scheduler is injected
     * @param clock default: the scheduler's clock, else {@link Clock#SYSTEM}
     * @param readTimeout the read (and write) timeout of the client, or null for none: each call's
     *     whole-call timeout is set by {@link Exchange}, which bounds a server dripping its answer
     */
    public static Transport open(String timerThread, Clock clock, Scheduler scheduler, OkHttpClient http,
            Duration connectTimeout, Duration readTimeout) {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        ThreadPoolScheduler own = scheduler != null ? null
                : new ThreadPoolScheduler(1, clock != null ? clock : Clock.SYSTEM, timerThread);
        Scheduler used = scheduler != null ? scheduler : own;
        Duration read = readTimeout != null ? readTimeout : Duration.ZERO;
        OkHttpClient derived = (http != null ? http : new OkHttpClient()).newBuilder()
                .connectTimeout(connectTimeout)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(Duration.ZERO)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        return new Transport(clock != null ? clock : used.clock(), used, own, derived, http == null);
    }

    /** The clock for windows, answer reuse and rate limits. */
    public Clock clock() {
        return clock;
    }

    /** The scheduler every wait goes through. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** The derived client: the configured timeouts, no redirects, no silent retries. */
    public OkHttpClient http() {
        return http;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Stops the timer thread and HTTP threads made here; injected ones are left alone. */
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
}
