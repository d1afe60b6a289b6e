package dev.rollout.core.conductor;

import dev.rollout.api.Clock;
import dev.rollout.api.Scheduler;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.conductor.ClusterTargets;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.hooks.PreDeployHookRunner;
import dev.rollout.core.conductor.versions.DeployTicket;
import dev.rollout.core.conductor.versions.VersionStore;
import java.util.Comparator;
import java.util.Optional;

/** What a deploy run needs of its conductor. */
interface Runtime {

    /** The service's name. */
    String service();

    /** The scheduler every deploy and rollout runs on. */
    Scheduler scheduler();

    /** The conductor's clock. */
    default Clock clock() {
        return scheduler().clock();
    }

    /** The version store. */
    VersionStore versions();

    /** The source's release order. */
    Comparator<Revision> order();

    /** The cluster targets. */
    ClusterTargets targets();

    /** The engine of one cluster of an environment, built on first use. */
    ClusterEngine engine(String environment, String cluster);

    /** The runner of a hook. */
    PreDeployHookRunner hookRunner(HookConfig hook);

    /** Tells the listeners. */
    void emit(DeployEvent event);

    /** Tells the environment's notifiers. */
    void notify(String environment, DeployNotification notification);

    /** A run ended; {@code next} is the pending request the version store made current, if any. */
    void finished(DeployRun run, Optional<DeployTicket> next);

    /**
     * The engine, launcher and target of one cluster.
     *
     * @param cluster the cluster
     * @param engine its engine
     * @param launcher its analysis launcher, adding the cluster's deploy args
     * @param target its target
     */
    record ClusterEngine(String cluster, RolloutEngine engine, ContextLauncher launcher,
            ClusterTarget target) {
    }
}
