package dev.rollout.core;

import dev.rollout.api.model.PauseCondition;
import java.time.Instant;
import java.util.List;

/**
 * What a strategy (canary, blue/green, the experiment step) decided, handed to its machine with
 * {@link RolloutMachine#apply}: the machine alone writes the state and moves the stage, so a
 * strategy never touches either. Values; the machine applies them in the order given.
 */
sealed interface Change {

    /** The current step began now. */
    record StepStarted() implements Change {
    }

    /** The current step's pause (or blue/green gate) was entered, so it is not entered again. */
    record StepPauseEntered() implements Change {
    }

    /** Whether the operator promoted past the current step. */
    record StepPromoted(boolean promoted) implements Change {
    }

    /** The analysis run gating the current step, or null for none. */
    record StepRun(String run) implements Change {
    }

    /** Step {@code step} of kind {@code type} ended: recorded in the history, the next one is current. */
    record StepCompleted(int step, String type) implements Change {
    }

    /** The background analysis run started. */
    record BackgroundRun(String run) implements Change {
    }

    /** The background analysis is over (passed, promoted past, or terminated). */
    record BackgroundDone() implements Change {
    }

    /** When the experiment step's sides were all available, or null once they are gone. */
    record ExperimentReady(Instant at) implements Change {
    }

    /** A blue/green stage (by name) began; it is reported as step {@code index}. */
    record StageStarted(String stage, int index) implements Change {
    }

    /** The revision the active service points at. */
    record ActiveRevision(String revision) implements Change {
    }

    /** The revision the preview service points at. */
    record PreviewRevision(String revision) implements Change {
    }

    /** The weight the new side is reported with, where no router applied it. */
    record Weight(int weight) implements Change {
    }

    /** The abort's scale-down is not finished: it goes on at {@code at}. */
    record AbortScaleDownAt(Instant at) implements Change {
    }

    /** Abort, with a reason (may be null) for the message. */
    record Abort(String reason) implements Change {
    }

    /** Pause for {@code reason}, until {@code until} when not null; {@code detail} may be null. */
    record Pause(PauseCondition.Reason reason, Instant until, String detail) implements Change {
    }

    /** Lift the pauses of these reasons. */
    record Resume(List<PauseCondition.Reason> reasons) implements Change {
        public Resume {
            reasons = List.copyOf(reasons);
        }
    }
}
