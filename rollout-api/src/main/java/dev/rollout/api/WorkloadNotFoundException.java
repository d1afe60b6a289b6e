package dev.rollout.api;

import dev.rollout.api.cluster.WorkloadRef;
import java.util.Objects;

/**
 * A rollout was started against a target that has no such workload, so there is no stable
 * revision to roll out from; a first deploy must be asked for explicitly
 * ({@code StartOptions.firstDeploy()} of the engine). Nothing was changed on the target.
 */
public class WorkloadNotFoundException extends TargetException {
    private static final long serialVersionUID = 1L;

    private final String namespace;
    private final String workload;
    private final String target;

    /** The workload {@code ref} is not on {@code target}. */
    public WorkloadNotFoundException(WorkloadRef ref, String target) {
        super("workload \"" + ref.name() + "\" not found in namespace \"" + ref.namespace()
                + "\" on target \"" + target + "\": nothing to roll out from; to create it, start"
                + " the rollout with StartOptions.firstDeploy()");
        this.namespace = ref.namespace();
        this.workload = ref.name();
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The namespace that was looked in. */
    public String namespace() {
        return namespace;
    }

    /** The workload's name. */
    public String workload() {
        return workload;
    }

    /** The target's name. */
    public String target() {
        return target;
    }
}
