package dev.rollout.core.conductor;

import dev.rollout.api.model.Revision;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.conductor.ClusterDeployStatus;
import dev.rollout.core.conductor.DeployPlan;

/** One cluster of a running deploy; guarded by its {@link DeployRun}. */
final class ClusterRun {
    static final String PENDING = "Pending";
    static final String PROGRESSING = "Progressing";
    static final String PAUSED = "Paused";
    static final String HEALTHY = "Healthy";
    static final String DEGRADED = "Degraded";
    static final String ROLLED_BACK = "RolledBack";
    static final String SKIPPED = "Skipped";
    /** Its rollout was in flight when another cluster failed, and was aborted back to stable. */
    static final String ABORTED = "Aborted";

    final DeployPlan.Cluster plan;
    String phase = PENDING;
    String message = "";
    RolloutHandle handle;
    /** The revision the cluster's current rollout goes to (the plan's, or its previous on rollback). */
    Revision expected;
    AnalysisRun gateRun;
    boolean rollingBack;

    ClusterRun(DeployPlan.Cluster plan) {
        this.plan = plan;
        this.expected = plan.revision();
    }

    String name() {
        return plan.name();
    }

    boolean healthy() {
        return HEALTHY.equals(phase);
    }

    ClusterDeployStatus status() {
        String previous = plan.previous().map(Revision::id).orElse(null);
        return new ClusterDeployStatus(plan.name(), plan.wave(), phase, plan.revision().id(),
                previous, plan.spec().replicas(), plan.values().asMap(), message);
    }
}
