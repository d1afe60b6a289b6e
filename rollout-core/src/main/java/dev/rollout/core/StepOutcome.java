package dev.rollout.core;

import java.time.Duration;
import java.util.Objects;

/** What a {@link StepHandler} answers. */
public sealed interface StepOutcome {

    /** The step is complete; the rollout moves on. */
    static StepOutcome done() {
        return new Done();
    }

    /** Ask again after {@code delay}. */
    static StepOutcome waitFor(Duration delay) {
        return new Wait(delay);
    }

    /** The step failed: the rollout aborts with {@code reason}. */
    static StepOutcome fail(String reason) {
        return new Fail(reason);
    }

    /** The step is complete. */
    record Done() implements StepOutcome {
    }

    /** Not yet complete; call again after {@code delay}. */
    record Wait(Duration delay) implements StepOutcome {
        public Wait {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, was " + delay);
            }
        }
    }

    /** The step failed; the rollout aborts. */
    record Fail(String reason) implements StepOutcome {
        public Fail {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
