package dev.rollout.core;

/**
 * How {@link RolloutEngine#start(dev.rollout.api.model.RolloutSpec, String,
 * dev.rollout.api.model.Revision, StartOptions)} may start a rollout. The default is the safe one:
 * a rollout needs a workload on the target to roll out from. Immutable and thread-safe.
 */
public final class StartOptions {
    private static final StartOptions DEFAULTS = new StartOptions(false);
    private static final StartOptions FIRST_DEPLOY = new StartOptions(true);

    private final boolean firstDeploy;

    private StartOptions(boolean firstDeploy) {
        this.firstDeploy = firstDeploy;
    }

    /**
     * The default: a target without the workload makes {@code start} throw
     * {@link dev.rollout.api.WorkloadNotFoundException}, changing nothing.
     */
    public static StartOptions defaults() {
        return DEFAULTS;
    }

    /**
     * Allows a first deploy: when the target has no such workload, the new revision is created at
     * full scale without canary steps (there is nothing to shift traffic from), a
     * {@link dev.rollout.api.event.RolloutEvent.Warning} says so, and every analysis the spec asks
     * for (background, step, pre- and post-promotion) runs against it, one after the other, before
     * it is marked stable and the rollout reports Healthy. A failed analysis aborts the deploy and
     * scales the new revision to zero, as there was nothing running before. When the workload
     * exists, this option changes nothing.
     */
    public static StartOptions firstDeploy() {
        return FIRST_DEPLOY;
    }

    /** Whether a target without the workload may get it created by this rollout. */
    public boolean allowsFirstDeploy() {
        return firstDeploy;
    }

    @Override
    public String toString() {
        return firstDeploy ? "StartOptions.firstDeploy()" : "StartOptions.defaults()";
    }
}
