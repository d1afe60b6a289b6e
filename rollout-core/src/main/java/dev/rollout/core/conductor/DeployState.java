package dev.rollout.core.conductor;

/** Where a deploy stands. */
public enum DeployState {
    /** Waiting in the environment's pending slot for the running deploy to finish. */
    Queued,
    /** Running its hooks, waves or gates. */
    Running,
    /** A gate, a paused rollout or an inconclusive analysis waits for {@code approve}. */
    WaitingForApproval,
    /** Finished; {@link DeployStatus#result()} says how. */
    Done
}
