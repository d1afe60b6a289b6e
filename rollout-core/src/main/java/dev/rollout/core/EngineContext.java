package dev.rollout.core;

import dev.rollout.api.Scheduler;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.StepHandler;
import dev.rollout.core.analysis.AnalysisLauncher;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What every rollout machine of one engine shares. Immutable.
 *
 * @param scheduler runs every reconcile
 * @param store persists each rollout's state
 * @param targets targets by name
 * @param launcher starts analysis runs, or null when the engine has none
 * @param listener receives every event; never throws (wrapped)
 * @param handlers custom step handlers by step name
 * @param backoffInitial first delay when waiting for pods
 * @param backoffMax largest delay when waiting for pods
 * @param degradedPoll delay between observations once the progress deadline was missed
 * @param targetExecutor where reconciles of rollouts on blocking targets run, or null for inline
 * @param outageLimit how long a target may fail continuously before its rollout is aborted, or
 *     null for each rollout's progress deadline
 */
record EngineContext(Scheduler scheduler, StateStore store, Map<String, ClusterTarget> targets,
        AnalysisLauncher launcher, RolloutListener listener, Map<String, StepHandler> handlers,
        Duration backoffInitial, Duration backoffMax, Duration degradedPoll,
        Executor targetExecutor, Duration outageLimit) {
    public EngineContext {
        targets = Map.copyOf(targets);
        handlers = Map.copyOf(handlers);
    }
}
