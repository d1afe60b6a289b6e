package dev.rollout.core.conductor.versions;

/** How a deploy ended. The names are a public {@code --json} contract: add, never rename. */
public enum DeployResult {
    /** Every cluster of the environment runs the revision. */
    Deployed,
    /** A cluster, gate or hook failed; clusters already done keep the new revision. */
    Failed,
    /** A cluster failed and the clusters already done went back to their previous revision. */
    RolledBack,
    /** The deploy was not allowed to run (older than what is deployed, {@code after:} not met). */
    Refused,
    /**
     * A gate waits for an approval; the deploy is still in flight, so {@link VersionStore#finish}
     * rejects it (use {@link VersionStore#waitingForApproval}).
     */
    WaitingForApproval,
    /**
     * A newer request took this request's pending slot before it started, so it never ran; the
     * version store records it as {@code SUPERSEDED} in the history.
     */
    Superseded
}
