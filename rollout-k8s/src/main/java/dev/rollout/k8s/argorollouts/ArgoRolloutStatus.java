package dev.rollout.k8s.argorollouts;

import java.util.Objects;
import java.util.Optional;

/**
 * An Argo Rollouts {@code Rollout}'s status as its controller reports it.
 *
 * @param phase {@code status.phase}: Progressing, Paused, Healthy, Degraded (empty before the
 *     controller saw the object)
 * @param message {@code status.message}
 * @param currentStepIndex {@code status.currentStepIndex}, if a canary
 * @param stepCount number of canary steps (0 for blue/green)
 * @param canaryWeight the canary traffic weight the controller reports, if known
 * @param aborted {@code status.abort}
 * @param paused whether {@code spec.paused} or pause conditions hold the rollout
 * @param upToDate whether the controller has observed the latest spec
 * @param stableAtCurrent whether the stable ReplicaSet is the current template's
 *     ({@code stableRS == currentPodHash}): the update finished
 */
public record ArgoRolloutStatus(String phase, String message, Optional<Integer> currentStepIndex,
        int stepCount, Optional<Integer> canaryWeight, boolean aborted, boolean paused,
        boolean upToDate, boolean stableAtCurrent) {
    public ArgoRolloutStatus {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(currentStepIndex, "currentStepIndex");
        Objects.requireNonNull(canaryWeight, "canaryWeight");
    }

    /** Whether the current template is fully promoted and Healthy. */
    public boolean completed() {
        return upToDate && stableAtCurrent && "Healthy".equals(phase) && !aborted;
    }

    /** Whether the update failed or was aborted. */
    public boolean failed() {
        return upToDate && (aborted || "Degraded".equals(phase));
    }
}
