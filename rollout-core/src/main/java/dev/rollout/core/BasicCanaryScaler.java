package dev.rollout.core;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.core.canary.CanaryReplicaMath;
import dev.rollout.core.Moves;
import dev.rollout.core.RolloutMachine;
import dev.rollout.core.RolloutState;
import dev.rollout.core.Wait;

/**
 * Moves a basic canary (no traffic router) toward a replica split the way Argo scales one, in
 * every direction (weight up, weight down, abort, retry, undo): never more than R + maxSurge pods
 * in all, and no scale-down takes available pods below R − maxUnavailable. A side grows only into
 * the room the surge leaves and shrinks only as far as the other side's available pods allow, so
 * a change may take several scale calls as pods become available.
 */
final class BasicCanaryScaler {
    private static final int MAX_MOVES_PER_PASS = 8;

    private BasicCanaryScaler() {
    }

    /** Null once the split is in place and available; otherwise waits for pods. */
    static Wait converge(RolloutMachine m, WorkloadState observed, CanaryProgram.Desired d,
            CanaryReplicaMath.Limits limits, int replicas) {
        RolloutState s = m.state();
        String canary = s.newRevision().id();
        int maxTotal = replicas + limits.maxSurge();
        int minAvailable = Math.max(0, replicas - limits.maxUnavailable());
        for (int pass = 0; pass < MAX_MOVES_PER_PASS; pass++) {
            int canaryAvailable = Math.min(m.available(observed, canary), s.canaryReplicas());
            int stableAvailable = Math.min(m.available(observed, s.stableRevision()), s.stableReplicas());
            boolean moved = false;
            // Pods of a third revision still winding down (a superseded canary) take room too.
            int room = maxTotal - s.canaryReplicas() - s.stableReplicas()
                    - others(m, observed, canary, s.stableRevision());
            if (d.canary() > s.canaryReplicas() && room > 0) {
                int up = Math.min(d.canary(), s.canaryReplicas() + room);
                room -= up - s.canaryReplicas();
                moved = Moves.scaleNew(m, up);
            }
            if (d.stable() > s.stableReplicas() && room > 0) {
                moved |= Moves.scaleStable(m, Math.min(d.stable(), s.stableReplicas() + room));
            }
            // One side shrinks per pass, by what the other side's available pods make up for.
            if (d.canary() < s.canaryReplicas()) {
                int down = Math.max(d.canary(), minAvailable - stableAvailable);
                moved |= down < s.canaryReplicas() && Moves.scaleNew(m, down);
            } else if (d.stable() < s.stableReplicas()) {
                int down = Math.max(d.stable(), minAvailable - canaryAvailable);
                moved |= down < s.stableReplicas() && Moves.scaleStable(m, down);
            }
            if (!moved) {
                break;
            }
            observed = m.observe();
        }
        boolean placed = s.canaryReplicas() == d.canary() && s.stableReplicas() == d.stable();
        if (!placed || m.available(observed, canary) < d.canary()
                || m.available(observed, s.stableRevision()) < d.stable()) {
            return Wait.poll();
        }
        Moves.recordWeight(m, d.weight());
        return null;
    }

    /**
     * Scales an abandoned revision toward 0 and the stable one toward R within the same bounds;
     * true once the abandoned revision has no pods and stable runs R.
     */
    static boolean windDown(RolloutMachine m, String going, CanaryReplicaMath.Limits limits, int replicas) {
        RolloutState s = m.state();
        int maxTotal = replicas + limits.maxSurge();
        int minAvailable = Math.max(0, replicas - limits.maxUnavailable());
        WorkloadState observed = m.observe();
        for (int pass = 0; pass < MAX_MOVES_PER_PASS; pass++) {
            int left = observed.revision(going).map(RevisionState::desired).orElse(0);
            int stableAvailable = Math.min(m.available(observed, s.stableRevision()), s.stableReplicas());
            if (left == 0 && s.stableReplicas() >= replicas) {
                return true;
            }
            boolean moved = false;
            int room = maxTotal - left - s.stableReplicas()
                    - others(m, observed, going, s.stableRevision());
            if (s.stableReplicas() < replicas && room > 0) {
                moved = Moves.scaleStable(m, Math.min(replicas, s.stableReplicas() + room));
            }
            int down = Math.max(0, minAvailable - stableAvailable);
            if (down < left) {
                m.target().scale(m.workload(), Revision.of(going), down);
                m.log("abandoned revision " + going + " scaled to " + down + " replicas");
                moved = true;
            }
            if (!moved) {
                return false;
            }
            observed = m.observe();
        }
        return false;
    }

    /**
     * Pods desired by revisions other than the two given; experiment sides are extra (as in Argo)
     * and count against no bound.
     */
    private static int others(RolloutMachine m, WorkloadState observed, String a, String b) {
        java.util.Set<String> sides = m.state().spec().strategy() instanceof dev.rollout.api.model.CanaryStrategy c
                ? ExperimentStep.allSideIds(m.state(), c.steps()) : java.util.Set.of();
        int sum = 0;
        for (RevisionState r : observed.revisions().values()) {
            if (!r.revision().equals(a) && !r.revision().equals(b) && !sides.contains(r.revision())) {
                sum += r.desired();
            }
        }
        return sum;
    }
}
