package dev.rollout.api;

import java.time.Instant;

/** The source of time for the engine and providers; injected so tests and simulations use virtual time. */
public interface Clock {
    /** The system's wall clock. */
    Clock SYSTEM = new Clock() {
        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };

    /** Milliseconds since the epoch. */
    long millis();

    /** The current instant. */
    default Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
