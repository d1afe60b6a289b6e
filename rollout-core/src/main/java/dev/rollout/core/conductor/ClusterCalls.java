package dev.rollout.core.conductor;

import dev.rollout.api.model.Revision;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.StartOptions;
import dev.rollout.core.conductor.DeployPlan;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deploy's calls into its clusters' engines ({@code start}, {@code promote}, {@code abort}),
 * each handed off through {@link TargetCalls} because the target may block, and what the deploy
 * does once each call is back on the scheduler. State is read and written under the
 * {@link DeployRun}'s lock; no call is made while holding it.
 */
final class ClusterCalls {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterCalls.class);

    private final Runtime rt;
    private final DeployRun run;

    ClusterCalls(Runtime rt, DeployRun run) {
        this.rt = rt;
        this.run = run;
    }

    /**
     * Starts {@code c}'s rollout: prepares the target, starts the engine, and aborts at once if
     * the deploy failed meanwhile; a deliberate rollback ({@code emergency}) skips every step.
     */
    void start(ClusterRun c, Runtime.ClusterEngine ce, boolean firstDeploy, boolean emergency) {
        DeployPlan.Cluster p = c.plan;
        // Off the scheduler for a target that may block: start observes it, promoteFull writes.
        TargetCalls.run(rt, ce, () -> {
            synchronized (run) {
                if (c.phase.equals(ClusterRun.ABORTED)) {
                    // The deploy failed before this cluster's turn came: nothing to start.
                    return null;
                }
            }
            rt.targets().prepare(c.name(), Workloads.of(p.spec()), p.previous(),
                    p.spec().replicas(), Workloads.services(p.spec()));
            ce.launcher().args(Workloads.id(p.spec()), p.analysisArgs());
            RolloutHandle handle = ce.engine().start(p.spec(), ce.target().name(), p.revision(),
                    firstDeploy ? StartOptions.firstDeploy() : StartOptions.defaults());
            boolean abortNow;
            synchronized (run) {
                c.handle = handle;
                abortNow = c.phase.equals(ClusterRun.ABORTED);
            }
            if (abortNow) {
                // The deploy failed while this cluster was starting.
                handle.abort();
            } else if (emergency) {
                // A deliberate rollback is an emergency: no steps, no analysis.
                handle.promoteFull();
            }
            return handle;
        }, (handle, error) -> {
            if (error != null && run.failed()) {
                // The deploy ended while this cluster was starting; it holds nothing to record.
                synchronized (run) {
                    c.message = "could not start: " + error.getMessage();
                }
            } else if (error != null) {
                run.clusterFailed(c, "could not start: " + error.getMessage());
            } else if (handle != null) {
                run.check(c.name());
            }
        });
    }

    /** Promotes {@code c}'s paused rollout once a person approved, then re-reads it. */
    void promote(ClusterRun c, RolloutHandle handle) {
        TargetCalls.run(rt, rt.engine(run.environment(), c.name()), handle::promote, (ignored, error) -> {
            if (error != null) {
                LOG.warn("deploy {}: promote on {} failed: {}", run.requestId(), c.name(), error.toString());
            }
            run.check(c.name());
        });
    }

    /** Aborts {@code c}'s rollout in flight, then runs {@code then} whether or not that worked. */
    void abort(ClusterRun c, Runnable then) {
        TargetCalls.run(rt, rt.engine(run.environment(), c.name()), c.handle::abort, (status, error) -> {
            if (error != null) {
                LOG.warn("deploy {}: abort on {} failed: {}", run.requestId(), c.name(), error.toString());
            }
            then.run();
        });
    }

    /**
     * Starts {@code c}'s rollout back to {@code previous}, promoted at once (a rollback is an
     * emergency: no steps, no analysis); {@code failedToStart} hears why it could not start.
     */
    void rollBack(ClusterRun c, Runtime.ClusterEngine ce, Revision previous, Consumer<String> failedToStart) {
        TargetCalls.run(rt, ce, () -> {
            RolloutHandle handle = ce.engine().start(c.plan.spec(), ce.target().name(), previous);
            synchronized (run) {
                c.handle = handle;
            }
            handle.promoteFull();
            return handle;
        }, (handle, error) -> {
            if (error != null) {
                failedToStart.accept("could not start: " + error.getMessage());
            } else {
                run.check(c.name());
            }
        });
    }
}
