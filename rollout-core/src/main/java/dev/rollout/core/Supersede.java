package dev.rollout.core;

import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A new revision replacing the one in flight: traffic back to stable as for an abort, the
 * superseded revisions winding down within the bounds, and a fresh state (a new rollout, in
 * stage PROGRESSING) for the new revision. Runs under the machine's lock.
 */
final class Supersede {
    private Supersede() {
    }

    static void run(RolloutMachine m, StrategyProgram next, RolloutSpec spec, Revision revision) {
        m.runs().cancelAll();
        m.cancelWake();
        RolloutState old = m.state();
        String inFlight = old.newRevision().id();
        boolean inProgress = !old.completed() && !inFlight.equals(old.stableRevision());
        if (inProgress && !old.aborted()) {
            // Traffic and services go back to stable first, as for an abort.
            m.program().abort();
        }
        boolean windingDown = false;
        if (inProgress && !inFlight.equals(revision.id())) {
            // Within the bounds: a basic canary's pods go as the stable side comes back.
            windingDown = !m.program().windDown(inFlight);
            if (!windingDown) {
                m.target().remove(m.workload(), inFlight);
                m.log("superseded revision " + inFlight + " removed");
            }
        }
        List<String> stillGoing = new ArrayList<>();
        List<String> earlier = old.removeAt() == null ? List.of() : Removals.going(old);
        for (String going : earlier) {
            if (going.equals(revision.id()) || going.equals(inFlight) || going.equals(old.stableRevision())) {
                continue;
            }
            // The old side's scale-down is not left behind by the new rollout; an earlier
            // superseded revision still has available pods, so it too goes within the bounds.
            if (m.program().windDown(going)) {
                m.target().remove(m.workload(), going);
                m.log("superseded revision " + going + " removed");
            } else {
                stillGoing.add(going);
            }
        }
        RolloutState fresh = new RolloutState();
        fresh.id(old.id());
        fresh.targetName(old.targetName());
        fresh.spec(spec);
        fresh.newRevision(revision);
        fresh.runCounter(old.runCounter());
        if (windingDown) {
            stillGoing.add(0, inFlight);
        }
        if (!stillGoing.isEmpty()) {
            fresh.removeRevision(stillGoing.get(0));
            fresh.editRemoveAlso().addAll(stillGoing.subList(1, stillGoing.size()));
            fresh.removeAt(m.now());
        }
        m.replace(fresh, next);
        // Observed again: the abort and removals above changed the workload.
        WorkloadState now = m.observe();
        m.workloadSeen(now);
        Transitions.initialise(m, now);
        m.emit(new RolloutEvent.Started(fresh.id(), revision.id(), m.now(), "Rollout of revision "
                + revision.id() + " started, superseding " + inFlight));
        m.changed();
        m.wakeAfter(Duration.ZERO);
    }
}
