package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened to the deploys of an environment. A store keeps the last
 * {@link VersionStore#DEFAULT_HISTORY_LIMIT} (or as configured) entries per environment.
 *
 * @param time when it happened, on the store's clock (ISO-8601 string in JSON)
 * @param kind what happened
 * @param requestId the request it happened to
 * @param revision the id of the revision concerned (for {@code ROLLED_BACK}: the revision the
 *     cluster went back to)
 * @param cluster the cluster concerned, or {@code null} for the whole environment
 * @param message why, in one line; for {@code FINISHED} it starts with the {@link DeployResult}
 *     name ({@code "Failed: eu-1: pods crash"})
 */
public record HistoryEntry(@JsonSerialize(using = ToStringSerializer.class) Instant time,
        Kind kind, String requestId, String revision, String cluster, String message) {

    public HistoryEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(revision, "revision");
        message = message == null ? "" : message;
    }

    /** For a {@code FINISHED} entry, the result the deploy finished with. */
    public Optional<DeployResult> finishedResult() {
        if (kind != Kind.FINISHED) {
            return Optional.empty();
        }
        int colon = message.indexOf(':');
        String name = colon < 0 ? message : message.substring(0, colon);
        for (DeployResult result : DeployResult.values()) {
            if (result.name().equals(name)) {
                return Optional.of(result);
            }
        }
        return Optional.empty();
    }

    /** What happened. The names are a public {@code --json} contract: add, never rename. */
    public enum Kind {
        /** A request was admitted: to run now, or into the pending slot. */
        REQUESTED,
        /** The deploy started running. */
        STARTED,
        /** A cluster runs the request's revision. */
        DEPLOYED,
        /** A cluster (or gate, hook: then {@code cluster} is null) failed. */
        FAILED,
        /** A cluster went back to an older revision (onFailure: rollback, or a deliberate rollback). */
        ROLLED_BACK,
        /** The request was older than what is deployed, deploying or pending, so nothing ran. */
        REFUSED,
        /** A newer request took the pending slot, so this request will not run. */
        SUPERSEDED,
        /** A gate waits for an approval; the deploy stays in flight. */
        WAITING_FOR_APPROVAL,
        /** Another owner took over the in-flight deploy (its previous owner died). */
        TAKEN_OVER,
        /** The deploy ended; the message starts with its result. */
        FINISHED
    }
}
