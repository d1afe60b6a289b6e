package dev.rollout.k8s;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How Kubernetes calls are retried: a lost optimistic-concurrency race (409 Conflict, re-read and
 * re-applied), 429 Too Many Requests, 5xx and I/O failures are tried again up to
 * {@link #maxAttempts()} times with exponential backoff and half jitter (the n-th retry waits
 * between half and all of {@code min(maxDelay, initialDelay * 2^(n-1))}), and not past
 * {@link #maxElapsed()} since the first attempt began, so a hung server holds the calling thread
 * a bounded time; any other 4xx fails at once. Immutable and thread-safe.
 */
public final class RetryPolicy {
    /** Attempts unless told otherwise. */
    public static final int DEFAULT_MAX_ATTEMPTS = 10;
    /** First backoff unless told otherwise. */
    public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(20);
    /** Longest backoff unless told otherwise. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    /** Time budget of one operation, attempts and waits together, unless told otherwise. */
    public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofSeconds(30);

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** Blocks the calling thread for {@code duration}. */
        void sleep(Duration duration) throws InterruptedException;

        /** Sleeps on the calling thread. */
        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
    }

    private static final RetryPolicy DEFAULTS = builder().build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration maxElapsed;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final DoubleSupplier random;

    private RetryPolicy(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.maxElapsed = b.maxElapsed;
        this.nanoTime = b.nanoTime;
        this.sleeper = b.sleeper;
        this.random = b.random;
    }

    /** {@value #DEFAULT_MAX_ATTEMPTS} attempts, 20 ms first delay, 1 s cap, 30 s budget, real sleeps. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The most attempts of one operation, the first included. */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The time budget of one operation, attempts and waits together. */
    public Duration maxElapsed() {
        return maxElapsed;
    }

    /** Nanoseconds from an arbitrary origin, to measure the budget (default System::nanoTime). */
    public long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** The sleeper that waits between attempts. */
    public Sleeper sleeper() {
        return sleeper;
    }

    /** Whether a failure with this HTTP status (0: no answer) is worth another attempt. */
    public static boolean retriable(int code, boolean alreadyExists) {
        return code == 0 || code == 429 || code >= 500 || (code == 409 && !alreadyExists);
    }

    /** The wait before retry {@code retry} (1 = after the first failed attempt), jittered. */
    public Duration delayBeforeRetry(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be at least 1, was " + retry);
        }
        long cap = maxDelay.toNanos();
        // Shifting past 30 would overflow long nanos long before anyone waits that long.
        long ceiling = retry > 31 ? cap : Math.min(cap, initialDelay.toNanos() << (retry - 1));
        if (ceiling < 0) {
            ceiling = cap;
        }
        // Half jitter: spreads clients that failed together, yet keeps the delay growing.
        long half = ceiling / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (ceiling - half)));
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialDelay=" + initialDelay
                + ", maxDelay=" + maxDelay + ", maxElapsed=" + maxElapsed + "]";
    }

    /** Builds a {@link RetryPolicy}; not thread-safe. */
    public static final class Builder {
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialDelay = DEFAULT_INITIAL_DELAY;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private Duration maxElapsed = DEFAULT_MAX_ELAPSED;
        private LongSupplier nanoTime = System::nanoTime;
        private Sleeper sleeper = Sleeper.SYSTEM;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** The most attempts, the first included (at least 1; default 10). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The ceiling of the first delay (positive; default 20 ms). */
        public Builder initialDelay(Duration delay) {
            this.initialDelay = positive(delay, "initialDelay");
            return this;
        }

        /** The cap on every delay (positive; default 1 s). */
        public Builder maxDelay(Duration delay) {
            this.maxDelay = positive(delay, "maxDelay");
            return this;
        }

        /** The budget of one operation: no retry starts past it (positive; default 30 s). */
        public Builder maxElapsed(Duration budget) {
            this.maxElapsed = positive(budget, "maxElapsed");
            return this;
        }

        /** The time source of the budget, in nanoseconds (default System::nanoTime). */
        public Builder nanoTime(LongSupplier source) {
            this.nanoTime = Objects.requireNonNull(source, "nanoTime");
            return this;
        }

        /** What waits between attempts (default: {@link Sleeper#SYSTEM}). */
        public Builder sleeper(Sleeper s) {
            this.sleeper = Objects.requireNonNull(s, "sleeper");
            return this;
        }

        /** The jitter source, values in [0, 1) (default: a thread-local random). */
        public Builder random(DoubleSupplier r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        /** The policy. */
        public RetryPolicy build() {
            if (maxDelay.compareTo(initialDelay) < 0) {
                throw new IllegalArgumentException("maxDelay (" + maxDelay
                        + ") must not be shorter than initialDelay (" + initialDelay + ")");
            }
            return new RetryPolicy(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
