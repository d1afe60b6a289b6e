package dev.rollout.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Why a rollout is paused, with Argo's reason names.
 *
 * @param reason the reason
 * @param startTime when the pause began
 */
public record PauseCondition(Reason reason, Instant startTime) {
    public PauseCondition {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(startTime, "startTime");
    }

    /** Argo's pause reasons, plus the operator's own pause. */
    public enum Reason {
        CanaryPauseStep,
        BlueGreenPause,
        InconclusiveAnalysisRun,
        UserPause
    }
}
