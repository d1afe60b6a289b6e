package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.rollout.api.model.Revision;
import java.time.Instant;
import java.util.Objects;

/**
 * A request to deploy one revision of a service to one environment.
 *
 * @param requestId the request's id, unique per service and environment; fences every record
 *     the deploy makes
 * @param revision the revision to deploy, with its attributes
 * @param owner who runs the deploy (a conductor process: host and pid, a CI job); replaced by
 *     {@link VersionStore#takeOver}
 * @param requestedAt when the request was made; serialized as an ISO-8601 string
 */
public record DeployTicket(String requestId, Revision revision, String owner,
        @JsonSerialize(using = ToStringSerializer.class) Instant requestedAt) {

    public DeployTicket {
        Objects.requireNonNull(requestId, "requestId");
        if (requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must not be blank");
        }
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** The same request run by another owner. */
    public DeployTicket withOwner(String newOwner) {
        return new DeployTicket(requestId, revision, newOwner, requestedAt);
    }
}
