package dev.rollout.core.embedded;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.model.Revision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pods of one revision of one workload. Pods are kept in cohorts created together, each with
 * the instant it becomes ready, so readiness is computed from the clock when observed and no
 * thread or timer is needed. Not thread-safe: guarded by the cluster's lock.
 */
final class ReplicaSetModel {
    private final Revision revision;
    private final List<Cohort> cohorts = new ArrayList<>();

    ReplicaSetModel(Revision revision) {
        this.revision = revision;
    }

    Revision revision() {
        return revision;
    }

    int desired() {
        int total = 0;
        for (Cohort cohort : cohorts) {
            total += cohort.count;
        }
        return total;
    }

    /**
     * Moves to {@code replicas} pods: new pods become ready at {@code readyAtMillis}; scaling down
     * deletes pods that are not ready first, newest first, as a ReplicaSet controller does.
     */
    void scaleTo(int replicas, long nowMillis, long readyAtMillis) {
        int current = desired();
        if (replicas > current) {
            cohorts.add(new Cohort(replicas - current, readyAtMillis));
            return;
        }
        int excess = current - replicas;
        excess = shrink(excess, nowMillis, false);
        shrink(excess, nowMillis, true);
        cohorts.removeIf(cohort -> cohort.count == 0);
    }

    private int shrink(int excess, long nowMillis, boolean ready) {
        for (int i = cohorts.size() - 1; i >= 0 && excess > 0; i--) {
            Cohort cohort = cohorts.get(i);
            if (cohort.readyAt(nowMillis) == ready) {
                int taken = Math.min(excess, cohort.count);
                cohort.count -= taken;
                excess -= taken;
            }
        }
        return excess;
    }

    /** The state at {@code nowMillis}; {@code crashReason} is set when the revision never gets ready. */
    RevisionState state(long nowMillis, Optional<String> crashReason) {
        int desired = desired();
        int ready = 0;
        boolean started = false;
        for (Cohort cohort : cohorts) {
            if (cohort.readyAt(nowMillis)) {
                ready += cohort.count;
                started = true;
            }
        }
        if (crashReason.isPresent()) {
            // Pods that crash are never ready; the crash shows once they had time to start.
            Optional<String> failure = started
                    ? Optional.of("CrashLoopBackOff: " + crashReason.get())
                    : Optional.empty();
            return new RevisionState(revision.id(), desired, desired, 0, 0, failure);
        }
        return new RevisionState(revision.id(), desired, desired, ready, ready, Optional.empty());
    }

    private static final class Cohort {
        private int count;
        private final long readyAtMillis;

        Cohort(int count, long readyAtMillis) {
            this.count = count;
            this.readyAtMillis = readyAtMillis;
        }

        boolean readyAt(long nowMillis) {
            return nowMillis >= readyAtMillis;
        }
    }
}
