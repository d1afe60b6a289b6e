package dev.rollout.k8s.fake;

/**
 * How a simulated Job ends, {@code ticks} ticks after the controller first sees it.
 *
 * @param succeed whether it completes (else it fails with BackoffLimitExceeded)
 * @param ticks ticks from start to the end
 * @param message the Failed condition's message (ignored on success)
 * @param logs what {@code GET .../pods/<job pod>/log} answers
 */
public record JobOutcome(boolean succeed, int ticks, String message, String logs) {
    /** Validates the tick count. */
    public JobOutcome {
        if (ticks < 0) {
            throw new IllegalArgumentException("ticks must not be negative, was " + ticks);
        }
    }

    /** Completes after {@code ticks} ticks. */
    public static JobOutcome succeedAfter(int ticks) {
        return new JobOutcome(true, ticks, "", "");
    }

    /** Fails after {@code ticks} ticks with the standard backoff-limit message. */
    public static JobOutcome failAfter(int ticks) {
        return failAfter(ticks, "Job has reached the specified backoff limit");
    }

    /** Fails after {@code ticks} ticks with this message. */
    public static JobOutcome failAfter(int ticks, String message) {
        return new JobOutcome(false, ticks, message, "");
    }

    /** The same outcome whose pod logs are {@code logs}. */
    public JobOutcome withLogs(String logs) {
        return new JobOutcome(succeed, ticks, message, logs);
    }
}
