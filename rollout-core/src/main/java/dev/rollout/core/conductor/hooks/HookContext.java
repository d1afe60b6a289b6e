package dev.rollout.core.conductor.hooks;

import dev.rollout.api.model.Revision;
import java.util.Objects;

/**
 * The deploy a pre-deploy hook runs for.
 *
 * @param service the service's name
 * @param environment the environment's name
 * @param revision the revision about to be deployed, with its attributes
 * @param requestId the deploy request's id
 */
public record HookContext(String service, String environment, Revision revision, String requestId) {
    public HookContext {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(requestId, "requestId");
    }
}
