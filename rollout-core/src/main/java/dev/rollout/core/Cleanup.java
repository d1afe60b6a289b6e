package dev.rollout.core;

import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes an ended rollout still owes its target (an abort's traffic reset and delayed
 * scale-down, the removal of old revisions) and the two ways they end without being made: the
 * workload is gone, so there is nothing left to clean up, or the target has failed for longer
 * than the outage limit, and what was left behind is reported once. Either way the rollout stops
 * retrying; an aborted one stays Degraded.
 */
final class Cleanup {
    private Cleanup() {
    }

    /** Whether an ended rollout still owes its target writes. */
    static boolean pending(RolloutState s) {
        return s.abortPending() || s.abortScaleDownAt() != null || s.removeAt() != null;
    }

    /**
     * Ends the cleanup when the workload this machine saw no longer exists; true when it did. A
     * write would fail (an API server's 404, retried forever) or recreate the workload behind the
     * user's back. A resumed machine that has not seen the workload since the restart goes on: a
     * target that lost its state gets the saved state back.
     */
    static boolean endIfWorkloadGone(RolloutMachine m) {
        WorkloadState observed = m.observe();
        if (observed.exists() || !m.workloadSeen(observed)) {
            return false;
        }
        RolloutState s = m.state();
        end(m, "workload " + m.workload() + " no longer exists on target " + s.targetName()
                + ": nothing left to " + owed(m) + "; the cleanup ends");
        return true;
    }

    /** Gives up the writes still owed after an outage longer than the limit, saying what is left. */
    static void giveUp(RolloutMachine m, String outage) {
        end(m, "gave up cleaning up: " + outage + "; left behind on target " + m.state().targetName()
                + ": " + owed(m) + " was not done; do it by hand");
    }

    private static void end(RolloutMachine m, String message) {
        RolloutState s = m.state();
        s.abortPending(false);
        s.abortScaleDownAt(null);
        s.removeAt(null);
        s.removeRevision(null);
        s.editRemoveAlso().clear();
        m.changed();
        m.cancelWake();
        m.emit(new RolloutEvent.Warning(s.id(), s.newRevision().id(), m.now(), message));
        m.log(message);
    }

    /** What is still owed, naming the workload and the revisions. */
    private static String owed(RolloutMachine m) {
        RolloutState s = m.state();
        List<String> owed = new ArrayList<>();
        if (s.abortPending()) {
            owed.add("send the traffic of " + m.workload() + " back to stable revision "
                    + s.stableRevision());
        }
        if (s.abortPending() || s.abortScaleDownAt() != null) {
            owed.add("scale down revision " + s.newRevision().id() + " of " + m.workload()
                    + " (the canary side)");
        }
        if (s.removeAt() != null) {
            owed.add("remove old revisions " + Removals.going(s) + " of " + m.workload());
        }
        return String.join(" and ", owed);
    }
}
