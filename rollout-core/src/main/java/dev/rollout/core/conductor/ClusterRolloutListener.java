package dev.rollout.core.conductor;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;

/**
 * Receives every rollout event of every cluster together with the environment and cluster it
 * happened on: the rollout id alone is the same on every cluster of a deploy. Register it with
 * {@link Conductor.Builder#clusterRolloutListener}; must return quickly and not throw.
 */
@FunctionalInterface
public interface ClusterRolloutListener extends RolloutListener {

    /** Called once per event, on the conductor's scheduler, in the order the cluster emits them. */
    void onEvent(String environment, String cluster, RolloutEvent event);

    /** The event without its cluster: this listener only takes events with their cluster. */
    @Override
    default void onEvent(RolloutEvent event) {
        // Called only when registered through rolloutListener, where the cluster is unknown.
    }
}
