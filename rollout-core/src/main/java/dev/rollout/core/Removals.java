package dev.rollout.core;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.Revision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Old and abandoned revisions going away within the bounds, and the undo back to stable. */
final class Removals {
    private Removals() {
    }

    /**
     * Removes each revision left to go once the program has scaled it down; false while any has
     * pods. All of them shrink together: each only as far as the stable side's available pods
     * allow, so together they never take availability below the bound.
     */
    static boolean removeOld(RolloutMachine m) {
        RolloutState s = m.state();
        List<String> left = new ArrayList<>();
        for (String old : going(s)) {
            if (old.equals(s.stableRevision()) || old.equals(s.newRevision().id())) {
                continue;
            }
            if (m.program().windDown(old)) {
                m.target().remove(m.workload(), old);
                m.log("old revision " + old + " removed");
            } else {
                left.add(old);
            }
        }
        if (!left.isEmpty()) {
            if (!left.equals(going(s))) {
                s.removeRevision(left.get(0));
                s.editRemoveAlso().clear();
                s.editRemoveAlso().addAll(left.subList(1, left.size()));
                m.changed();
            }
            m.wakeAfter(m.nextPollDelay());
            return false;
        }
        s.editRemoveAlso().clear();
        s.removeAt(null);
        s.removeRevision(null);
        m.changed();
        return true;
    }

    /** The revisions waiting to be removed, the first one first, without repeats. */
    static List<String> going(RolloutState s) {
        Set<String> all = new LinkedHashSet<>();
        if (s.removeRevision() != null) {
            all.add(s.removeRevision());
        }
        all.addAll(s.removeAlso());
        return new ArrayList<>(all);
    }

    /** Fast-tracked undo to the stable revision: no steps, no analysis, Healthy on stable. */
    static void rollbackToStable(RolloutMachine m, Revision stable) {
        RolloutState s = m.state();
        String abandoned = s.newRevision().id();
        m.runs().cancelAll();
        if (!s.aborted() && !s.completed()) {
            m.program().abort();
        }
        List<String> left = new ArrayList<>();
        List<String> going = s.removeAt() == null ? List.of() : going(s);
        for (String old : going) {
            // An earlier abandoned revision still winding down goes within the bounds as well.
            if (!old.equals(abandoned) && !old.equals(s.stableRevision())) {
                if (m.program().windDown(old)) {
                    m.target().remove(m.workload(), old);
                } else {
                    left.add(old);
                }
            }
        }
        if (!abandoned.equals(s.stableRevision())) {
            if (m.program().windDown(abandoned)) {
                m.target().remove(m.workload(), abandoned);
            } else {
                // The rest goes within the bounds, as the stable side's pods become available.
                left.add(0, abandoned);
            }
        }
        s.editRemoveAlso().clear();
        if (left.isEmpty()) {
            s.removeRevision(null);
            s.removeAt(null);
        } else {
            s.removeRevision(left.get(0));
            s.editRemoveAlso().addAll(left.subList(1, left.size()));
            s.removeAt(m.now());
            m.wakeAfter(Duration.ZERO);
        }
        s.newRevision(stable);
        Transitions.moveTo(m, Stage.COMPLETED);
        s.editPauses().clear();
        s.pauseUntil(null);
        s.abortScaleDownAt(null);
        s.canaryReplicas(0);
        s.canaryWeight(100);
        s.stepIndex(m.program().stepCount());
        String msg = "Rolled back to stable revision " + stable.id() + ", abandoning " + abandoned;
        s.message(msg);
        m.changed();
        m.emit(new RolloutEvent.Promoted(s.id(), stable.id(), m.now(), msg));
        m.log(msg);
    }

}
