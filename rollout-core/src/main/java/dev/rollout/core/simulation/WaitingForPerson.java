package dev.rollout.core.simulation;

import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;

/** Whether a paused rollout waits for a person rather than for time to pass. */
public final class WaitingForPerson {
    private WaitingForPerson() {
    }

    /** Whether {@code status} waits for a person (an indefinite pause, an inconclusive run, an operator pause). */
    public static boolean test(RolloutSpec spec, RolloutStatus status) {
        if (status.phase().isTerminal()) {
            return false;
        }
        for (PauseCondition pause : status.pauseConditions()) {
            switch (pause.reason()) {
                case InconclusiveAnalysisRun, UserPause -> {
                    return true;
                }
                case CanaryPauseStep -> {
                    if (spec.strategy() instanceof CanaryStrategy canary
                            && status.currentStepIndex() < canary.steps().size()
                            && canary.steps().get(status.currentStepIndex())
                                    instanceof CanaryStep.Pause step
                            && step.duration().isEmpty()) {
                        return true;
                    }
                }
                case BlueGreenPause -> {
                    if (spec.strategy() instanceof BlueGreenStrategy blueGreen
                            && blueGreen.autoPromotionSeconds().isEmpty()) {
                        return true;
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
