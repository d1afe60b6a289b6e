package dev.rollout.core;

import java.time.Duration;

/**
 * What a strategy asks for after a reconcile: nothing (an action or an analysis result will wake
 * it), a delay, or a readiness poll that counts against the progress deadline.
 *
 * @param delay when to reconcile again, or null for never on its own
 * @param progressing whether the rollout waits for pods (the progress deadline applies)
 */
record Wait(Duration delay, boolean progressing) {
    private static final Wait IDLE = new Wait(null, false);
    private static final Wait POLL = new Wait(null, true);

    /** Wait for an action or an analysis result. */
    public static Wait idle() {
        return IDLE;
    }

    /** Wait for pods with the engine's backoff. */
    public static Wait poll() {
        return POLL;
    }

    /** Reconcile again after {@code delay}. */
    public static Wait after(Duration delay) {
        return new Wait(delay, false);
    }
}
