package dev.rollout.core;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.TrafficRouter;
import java.time.Instant;

/**
 * The changes a rollout makes on its target. Each compares with what the engine last applied
 * (persisted), so a change is made once, even across an engine restart.
 */
final class Moves {
    private Moves() {
    }

    /** Runs {@code replicas} pods of the new revision; returns whether anything changed. */
    public static boolean scaleNew(RolloutMachine m, int replicas) {
        RolloutState s = m.state();
        if (s.canaryReplicas() == replicas) {
            return false;
        }
        m.target().scale(m.workload(), s.newRevision(), replicas);
        s.canaryReplicas(replicas);
        weightChanged(m);
        return true;
    }

    /** Runs {@code replicas} pods of the stable revision; returns whether anything changed. */
    public static boolean scaleStable(RolloutMachine m, int replicas) {
        RolloutState s = m.state();
        if (s.stableReplicas() == replicas) {
            return false;
        }
        m.target().scale(m.workload(), Revision.of(s.stableRevision()), replicas);
        s.stableReplicas(replicas);
        weightChanged(m);
        return true;
    }

    /** Records the weight of a basic canary, where replicas are the traffic. */
    public static void recordWeight(RolloutMachine m, int weight) {
        RolloutState s = m.state();
        if (s.canaryWeight() != weight) {
            s.canaryWeight(weight);
            weightChanged(m);
        }
    }

    /** Sends {@code weight} percent of traffic to the new revision through the router. */
    public static boolean routeWeight(RolloutMachine m, TrafficRouter router, int weight) {
        RolloutState s = m.state();
        if (s.canaryWeight() == weight) {
            return false;
        }
        router.setWeight(m.workload(), s.stableRevision(), s.newRevision().id(), weight);
        s.canaryWeight(weight);
        weightChanged(m);
        return true;
    }

    /** Points a service at a revision (blue/green). */
    public static void pointService(RolloutMachine m, String service, String revision) {
        RolloutState s = m.state();
        m.target().pointService(m.workload(), service, revision);
        m.changed();
        String text = "Service " + service + " now selects revision " + revision;
        m.emit(new RolloutEvent.ServiceSwitched(s.id(), s.newRevision().id(), m.now(), service, revision, text));
        m.log(text);
    }

    /**
     * Completes the rollout: the new revision becomes stable with all {@code replicas}, and the
     * old revision is scheduled for removal at {@code removeOldAt}. From then on the status counts
     * the new revision's pods as stable ones: {@code stableReplicas} is {@code replicas},
     * {@code canaryReplicas} 0 and {@code canaryWeight} 100 (the history keeps each step's counts).
     */
    public static void promoted(RolloutMachine m, String why, int replicas, Instant removeOldAt) {
        RolloutState s = m.state();
        String old = s.stableRevision();
        m.complete(why);
        s.stableReplicas(replicas);
        s.canaryReplicas(0);
        s.canaryWeight(100);
        if (s.removeRevision() != null && !s.removeRevision().equals(old)) {
            // Not expected (a wind-down finishes before the rollout moves on), but never dropped.
            s.editRemoveAlso().add(0, s.removeRevision());
        }
        s.removeRevision(old);
        s.removeAt(removeOldAt);
    }

    private static void weightChanged(RolloutMachine m) {
        RolloutState s = m.state();
        m.changed();
        String text = "Canary weight " + s.canaryWeight() + "%, " + s.canaryReplicas() + " canary and "
                + s.stableReplicas() + " stable replicas";
        m.emit(new RolloutEvent.WeightChanged(s.id(), s.newRevision().id(), m.now(), s.canaryWeight(),
                s.canaryReplicas(), s.stableReplicas(), text));
        m.log(text);
    }
}
