package dev.rollout.core.conductor;

/** Receives every deploy event; must return quickly and not throw. */
@FunctionalInterface
public interface DeployListener {

    /** Called once per event, one at a time per deploy, in order. */
    void onEvent(DeployEvent event);
}
