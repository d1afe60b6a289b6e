package dev.rollout.core;

import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import java.time.Duration;

/**
 * Aborts the engine cannot apply on the target as it stands: the workload is gone, or the target
 * has not answered for too long. The abort is recorded at once (phase Degraded, analysis
 * cancelled, an Aborted event); what it writes on the target waits (an outage) or never comes (a
 * deleted workload: nothing is recreated behind the user's back).
 */
final class RecordedAbort {
    private RecordedAbort() {
    }

    /**
     * Aborts a rollout whose workload no longer exists (deleted while it ran); true when it did.
     * Nothing is written to the target: a scale or a traffic reset would recreate or touch objects
     * the user removed. A first deploy, which starts without a workload, is left alone, and so is
     * a resumed rollout that has not seen its workload since the restart: a target that lost its
     * state (an embedded cluster, a fresh cluster) gets the saved state back, as crash-resume asks.
     */
    static boolean ifWorkloadGone(RolloutMachine m, WorkloadState observed) {
        RolloutState s = m.state();
        boolean seen = m.workloadSeen(observed);
        if (observed.exists() || !seen || FirstDeploy.is(s) || s.aborted() || s.completed()) {
            return false;
        }
        record(m, "workload " + m.workload() + " no longer exists on target " + s.targetName()
                + " (deleted while the rollout ran); nothing was recreated or changed there:"
                + " recreate it and retry, or start a new rollout", false);
        return true;
    }

    /**
     * Records an abort without touching the target; with {@code applyLater} its writes are made by
     * {@link #applyPending} once the target answers.
     */
    static void record(RolloutMachine m, String reason, boolean applyLater) {
        RolloutState s = m.state();
        m.runs().cancelAll();
        Transitions.moveTo(m, Stage.ABORTED);
        s.abortPending(applyLater);
        s.editPauses().clear();
        s.pauseUntil(null);
        s.stepPromoted(false);
        s.abortScaleDownAt(null);
        String msg = (FirstDeploy.is(s) ? "Rollout aborted first deploy of revision "
                : "Rollout aborted update to revision ") + s.newRevision().id() + ": " + reason;
        s.message(msg);
        m.changed();
        m.cancelWake();
        m.emit(new RolloutEvent.Aborted(s.id(), s.newRevision().id(), m.now(), msg));
        m.log(msg);
    }

    /**
     * Makes the writes of an abort recorded during an outage: traffic to stable, then the new side
     * scaled down (after the strategy's delay). Throws while the target still fails, and is called
     * again on the next reconcile.
     */
    static void applyPending(RolloutMachine m) {
        RolloutState s = m.state();
        if (!s.abortPending()) {
            return;
        }
        Duration delay;
        if (FirstDeploy.is(s)) {
            Moves.scaleNew(m, 0);
            delay = null;
        } else {
            m.program().abort();
            delay = m.program().abortScaleDownDelay();
            if (delay.isZero()) {
                m.program().abortScaleDown();
                delay = null;
            }
        }
        s.abortPending(false);
        if (delay != null) {
            s.abortScaleDownAt(m.now().plus(delay));
            m.wakeAtInstant(s.abortScaleDownAt());
        }
        m.changed();
        m.log("the target answers again: the abort recorded during the outage is applied");
    }
}
