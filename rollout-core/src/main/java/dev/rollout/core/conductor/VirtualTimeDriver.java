package dev.rollout.core.conductor;

import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Drives a {@link VirtualScheduler} until a deploy settles: runs what is due, then moves the
 * clock to the next task, as {@code rollout deploy} does on embedded clusters. Not thread-safe.
 */
public final class VirtualTimeDriver {
    private VirtualTimeDriver() {
    }

    /**
     * Runs until the deploy is done or waits for an approval, or until {@code maxVirtual} of
     * virtual time has passed. Returns whether it settled.
     */
    public static boolean runUntilSettled(VirtualScheduler scheduler, DeployHandle handle,
            Duration maxVirtual) {
        return runUntil(scheduler, () -> handle.status().settled(), maxVirtual);
    }

    /** Runs until {@code done} holds or nothing is left to run; false if stopped at the limit. */
    public static boolean runUntil(VirtualScheduler scheduler, BooleanSupplier done,
            Duration maxVirtual) {
        Instant limit = scheduler.clock().instant().plus(maxVirtual);
        while (true) {
            // Runs what is due now and waits for real provider calls in flight (Scheduler.track).
            scheduler.runUntilIdle(Duration.ZERO);
            if (done.getAsBoolean()) {
                return true;
            }
            Optional<Instant> next = scheduler.nextDue();
            if (next.isEmpty()) {
                return done.getAsBoolean();
            }
            if (next.get().isAfter(limit)) {
                return false;
            }
            Duration step = Duration.between(scheduler.clock().instant(), next.get());
            if (!step.isNegative() && !step.isZero()) {
                scheduler.mockClock().add(step);
            }
        }
    }
}
