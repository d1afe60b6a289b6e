package dev.rollout.core.conductor;

import dev.rollout.api.RolloutException;

/**
 * A deploy request the conductor will not run: its revision has not passed the environment it
 * must pass first. (A request older than what is deployed is not an exception: its handle reports
 * {@code Refused}.) The CLI exits with 4.
 */
public class DeployRefusedException extends RolloutException {
    /** An exception with the reason. */
    public DeployRefusedException(String message) {
        super(message);
    }
}
