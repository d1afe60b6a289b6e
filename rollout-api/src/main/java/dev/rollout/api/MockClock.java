package dev.rollout.api;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told. Shipped in main code so users can test their own
 * integrations on virtual time. Thread-safe.
 */
public final class MockClock implements Clock {
    private final AtomicLong millis;

    /** A clock at 2026-01-01T00:00:00Z. */
    public MockClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A clock at the given instant. */
    public MockClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public long millis() {
        return millis.get();
    }

    /** Moves the clock forward; a negative amount is rejected. */
    public void add(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount);
        }
        millis.addAndGet(amount.toMillis());
    }

    /** Sets the clock to an instant not before the current one. */
    public void set(Instant instant) {
        long target = instant.toEpochMilli();
        millis.updateAndGet(current -> {
            if (target < current) {
                throw new IllegalArgumentException("clock cannot go back from "
                        + Instant.ofEpochMilli(current) + " to " + instant);
            }
            return target;
        });
    }

    @Override
    public String toString() {
        return "MockClock[" + instant() + "]";
    }
}
