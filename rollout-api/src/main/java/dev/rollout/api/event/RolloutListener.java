package dev.rollout.api.event;

/**
 * Receives every event of every rollout of an engine. Called on an engine thread: return fast.
 * An exception thrown here is logged and otherwise ignored; it never stops a rollout.
 */
@FunctionalInterface
public interface RolloutListener {
    /** Called once per event, in the order events happen for a given rollout. */
    void onEvent(RolloutEvent event);
}
