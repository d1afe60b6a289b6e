package dev.rollout.core.conductor;

import dev.rollout.api.model.Revision;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.versions.DeployResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The failure path of a deploy: aborting the rollouts still in flight, then, with
 * {@code onFailure: rollback}, returning the clusters already done to their previous revision one
 * after another. State is guarded by the {@link DeployRun}'s lock.
 */
final class Rollbacks {
    private final Runtime rt;
    private final DeployRun run;
    private final ClusterCalls calls;
    /** Clusters that still go back to their previous revision; guarded by the run's lock. */
    private List<ClusterRun> pending = new ArrayList<>();

    Rollbacks(Runtime rt, DeployRun run, ClusterCalls calls) {
        this.rt = rt;
        this.run = run;
        this.calls = calls;
    }

    /** Aborts the rollouts still in flight, one after another, then runs {@code then}. */
    void abortAll(List<ClusterRun> left, Runnable then) {
        if (left.isEmpty()) {
            then.run();
            return;
        }
        ClusterRun c = left.remove(0);
        calls.abort(c, () -> abortAll(left, then));
    }

    /** Rolls {@code back} back, one cluster after another, then ends the deploy as rolled back. */
    void start(List<ClusterRun> back, String why) {
        run.emit(DeployEvent.Type.RollingBack, null, run.wave(), "rolling back " + back.size()
                + " clusters: " + why);
        next(back);
    }

    private void next(List<ClusterRun> left) {
        ClusterRun c = null;
        synchronized (run) {
            while (!left.isEmpty() && c == null) {
                ClusterRun candidate = left.remove(0);
                if (candidate.plan.previous().isEmpty()) {
                    candidate.message = "first deploy: nothing to roll back to, left on "
                            + candidate.plan.revision().id();
                } else {
                    c = candidate;
                }
            }
        }
        if (c == null) {
            run.end(DeployResult.RolledBack, run.failure(), true);
            return;
        }
        Revision previous = c.plan.previous().orElseThrow();
        Runtime.ClusterEngine ce = rt.engine(run.environment(), c.name());
        synchronized (run) {
            c.rollingBack = true;
            c.expected = previous;
            c.phase = ClusterRun.PROGRESSING;
            c.message = "rolling back to " + previous.id();
            pending = left;
        }
        ClusterRun back = c;
        calls.rollBack(back, ce, previous, why -> done(back, false, why));
    }

    /** Records how {@code c}'s rollback ended, then goes on with the next cluster. */
    void done(ClusterRun c, boolean ok, String why) {
        List<ClusterRun> left;
        synchronized (run) {
            c.rollingBack = false;
            c.phase = ok ? ClusterRun.ROLLED_BACK : ClusterRun.DEGRADED;
            c.message = ok ? "rolled back to " + c.expected.id() : "rollback failed: " + why;
            left = pending;
        }
        if (ok) {
            rt.versions().clusterRolledBack(run.plan().service(), run.plan().environment(), run.requestId(),
                    c.name(), c.expected);
            run.emit(DeployEvent.Type.ClusterRolledBack, c.name(), c.plan.wave(), c.message);
        } else {
            run.emit(DeployEvent.Type.ClusterFailed, c.name(), c.plan.wave(), c.message);
        }
        next(left);
    }
}
