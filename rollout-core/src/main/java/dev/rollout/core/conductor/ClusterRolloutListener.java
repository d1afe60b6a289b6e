package dev.rollout.core.conductor;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;

/**
 * A rollout listener that also learns which environment and cluster an event comes from: the
 * same Rollout runs on every cluster under one id, so the event alone cannot say. Register it
 * with {@link Conductor.Builder#rolloutListener(RolloutListener)}; outside a conductor it gets
 * {@link #onEvent(RolloutEvent)} with no environment or cluster.
 */
@FunctionalInterface
public interface ClusterRolloutListener extends RolloutListener {

    /**
     * Called once per event of a cluster's rollout, in order per cluster.
     *
     * @param environment the environment, or null outside a conductor
     * @param cluster the cluster, or null outside a conductor
     * @param event the event
     */
    void onClusterEvent(String environment, String cluster, RolloutEvent event);

    /** An event whose cluster is unknown (a single engine or simulation). */
    @Override
    default void onEvent(RolloutEvent event) {
        onClusterEvent(null, null, event);
    }
}
