package dev.rollout.core.conductor;

import java.util.concurrent.CompletionStage;

/** One deploy of a conductor. Thread-safe; every method returns at once. */
public interface DeployHandle {

    /** The request's id. */
    String requestId();

    /** The current status. */
    DeployStatus status();

    /**
     * Passes the gate, paused rollout or inconclusive analysis the deploy waits at; does nothing
     * when it waits for nothing. Returns the status after the approval.
     */
    DeployStatus approve();

    /** Completes with the final status when the deploy is {@link DeployState#Done}. */
    CompletionStage<DeployStatus> completion();
}
