package dev.rollout.core.canary.internal;

import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.core.canary.CanaryReplicaMath;
import dev.rollout.core.engine.internal.Moves;
import dev.rollout.core.engine.internal.RolloutMachine;
import dev.rollout.core.engine.internal.RolloutState;
import dev.rollout.core.engine.internal.Wait;

/**
 * Moves a basic canary (no traffic router) toward a replica split the way a Deployment rolls:
 * never more than R + maxSurge pods in all, never fewer than R − maxUnavailable available, so
 * a step may take several scale calls as canary pods become available.
 */
final class BasicCanaryScaler {
    private static final int MAX_MOVES_PER_PASS = 8;

    private BasicCanaryScaler() {
    }

    /** Null once the split is in place and available; otherwise waits for pods. */
    static Wait converge(RolloutMachine m, WorkloadState observed, CanaryProgram.Desired d,
            CanaryReplicaMath.Limits limits, int replicas) {
        RolloutState s = m.state();
        String canary = s.newRevision.id();
        int maxTotal = replicas + limits.maxSurge();
        int minAvailable = Math.max(0, replicas - limits.maxUnavailable());
        for (int pass = 0; pass < MAX_MOVES_PER_PASS; pass++) {
            int canaryAvailable = Math.min(m.available(observed, canary), s.canaryReplicas);
            int stableAvailable = Math.min(m.available(observed, s.stableRevision), s.stableReplicas);
            boolean moved = false;
            if (d.stable() > s.stableReplicas) {
                // Weight going down (or a retry): stable comes back before the canary shrinks.
                moved = Moves.scaleStable(m, d.stable());
            } else if (d.canary() < s.canaryReplicas && stableAvailable >= d.stable()) {
                moved = Moves.scaleNew(m, d.canary());
            }
            if (d.canary() > s.canaryReplicas) {
                int room = maxTotal - s.canaryReplicas - s.stableReplicas;
                int up = Math.min(d.canary(), s.canaryReplicas + Math.max(0, room));
                moved |= up > s.canaryReplicas && Moves.scaleNew(m, up);
            }
            if (d.stable() < s.stableReplicas) {
                int down = Math.max(d.stable(), minAvailable - canaryAvailable);
                moved |= down < s.stableReplicas && Moves.scaleStable(m, down);
            }
            if (!moved) {
                break;
            }
            observed = m.observe();
        }
        boolean placed = s.canaryReplicas == d.canary() && s.stableReplicas == d.stable();
        if (!placed || m.available(observed, canary) < d.canary()
                || m.available(observed, s.stableRevision) < d.stable()) {
            return Wait.poll();
        }
        Moves.recordWeight(m, d.weight());
        return null;
    }
}
