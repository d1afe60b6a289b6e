package dev.rollout.core.embedded;

/** An operation on the {@link EmbeddedCluster}, as counted, logged and made to fail in tests. */
public enum Operation {
    /** {@code ClusterTarget.scale}: a revision's desired replicas changed. */
    SCALE,
    /** {@code ClusterTarget.remove}: a revision's pods were deleted. */
    REMOVE,
    /** {@code ClusterTarget.pointService}: a service now selects a revision. */
    POINT_SERVICE,
    /** {@code ClusterTarget.markStable}: the workload's stable revision changed. */
    MARK_STABLE,
    /** {@code TrafficRouter.setWeight}: the canary's traffic weight changed. */
    SET_WEIGHT,
    /** {@code TrafficRouter.reset}: all traffic went back to the stable revision. */
    RESET_WEIGHT,
    /** {@code ClusterTarget.observe}: a read, counted and able to fail but never logged. */
    OBSERVE
}
