package dev.rollout.api.model;

/** A rollout's phase, with Argo Rollouts' names. */
public enum RolloutPhase {
    /** Steps are running. */
    Progressing,
    /** Waiting for a person, a pause duration or an inconclusive analysis to be judged. */
    Paused,
    /** The new revision is fully promoted and available. */
    Healthy,
    /** Aborted, or the progress deadline was exceeded. */
    Degraded;

    /** Whether no further step will run without an operator action. */
    public boolean isTerminal() {
        return this == Healthy || this == Degraded;
    }
}
