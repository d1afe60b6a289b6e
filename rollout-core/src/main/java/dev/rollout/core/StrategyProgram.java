package dev.rollout.core;

import dev.rollout.api.cluster.WorkloadState;

/**
 * The strategy-specific half of a rollout's state machine (canary or blue/green). Called only
 * while the machine's lock is held. A program reads the {@link RolloutState} and changes it only
 * through {@link RolloutMachine#apply(Change)}; the machine owns the stage.
 */
interface StrategyProgram {

    /** Number of steps reported in the status (0 for blue/green). */
    int stepCount();

    /** Checks the spec against the engine and target; throws {@code InvalidSpecException}. */
    void validate();

    /** Drives the rollout forward while it is not paused, aborted or complete. */
    Wait reconcile(WorkloadState observed);

    /** Called while paused, so background analysis can still abort the rollout. */
    void whilePaused();

    /** Ends the current pause or skips the current step. */
    void promote();

    /** Skips every remaining step and analysis. */
    void promoteFull();

    /** Puts traffic and services back on stable at once; the new side's scale-down may wait. */
    void abort();

    /** Scales the new side down after an abort (at once, or when the abort delay ends). */
    void abortScaleDown();

    /** Delay before {@link #abortScaleDown()}; zero scales down at once. */
    java.time.Duration abortScaleDownDelay();

    /** Resets progress the program keeps itself (not in the state) for a retry. */
    default void resetForRetry() {
    }

    /**
     * Called once after an engine restart, before the counts the target runs replace the stored
     * ones, so the program can re-assert what it had applied (even while paused).
     */
    default void resumed() {
    }

    /**
     * Scales {@code revision} (an abandoned or superseded one) toward zero and the stable revision
     * toward full within the strategy's bounds; true once it holds no pods and may be removed.
     */
    default boolean windDown(String revision) {
        return true;
    }

    /** Points services at the new revision on a first deploy (no stable revision yet). */
    default void onInitialDeploy() {
    }
}
