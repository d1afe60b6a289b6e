package dev.rollout.k8s;

/**
 * The labels and annotations rollout puts on the objects it creates or points at; useful in
 * label selectors, RBAC reviews and GitOps ignore rules.
 */
public final class RolloutLabels {
    /** Pod label selecting one revision's pods; its value is the revision id as a label value. */
    public static final String REVISION = "rollouts.dev/revision";
    /** The label the Deployment controller puts on the pods of each of its ReplicaSets. */
    public static final String POD_TEMPLATE_HASH = "pod-template-hash";
    /** Annotation carrying the full revision id (label values are limited to 63 characters). */
    public static final String REVISION_ID = "rollouts.dev/revision-id";
    /** Annotation on a pod template recording the images it was stamped with. */
    public static final String IMAGES = "rollouts.dev/images";
    /** Label marking objects rollout created and will delete. */
    public static final String MANAGED_BY = "rollouts.dev/managed-by";
    /** The value of {@link #MANAGED_BY}. */
    public static final String MANAGER = "rollout";
    /** Label naming the user's workload a created object belongs to. */
    public static final String WORKLOAD = "rollouts.dev/workload";

    private RolloutLabels() {
    }
}
