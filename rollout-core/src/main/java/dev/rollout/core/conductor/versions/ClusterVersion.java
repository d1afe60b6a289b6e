package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.rollout.api.model.Revision;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The revision one cluster of an environment runs.
 *
 * @param cluster the cluster's name
 * @param revision the revision it runs
 * @param since when that revision got there (ISO-8601 string in JSON)
 * @param requestId the request that put it there (a deploy, or {@code rollback-...} for
 *     {@link VersionStore#rollbackTo})
 * @param previous the revision it ran before; {@code null} in JSON on a first deploy
 */
public record ClusterVersion(String cluster, Revision revision,
        @JsonSerialize(using = ToStringSerializer.class) Instant since, String requestId,
        @JsonSerialize(using = OptionalValueSerializer.class) Optional<Revision> previous) {

    public ClusterVersion {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(previous, "previous");
    }
}
