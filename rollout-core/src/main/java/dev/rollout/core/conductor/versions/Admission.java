package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.rollout.api.model.Revision;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link VersionStore#submit} decided about a deploy request. In JSON each outcome carries
 * its name in an {@code "outcome"} field ({@code {"outcome":"Refused","ticket":...}}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Admission.Run.class, name = "Run"),
        @JsonSubTypes.Type(value = Admission.Pending.class, name = "Pending"),
        @JsonSubTypes.Type(value = Admission.Refused.class, name = "Refused"),
        @JsonSubTypes.Type(value = Admission.Superseded.class, name = "Superseded"),
        @JsonSubTypes.Type(value = Admission.Duplicate.class, name = "Duplicate"),
        @JsonSubTypes.Type(value = Admission.UpToDate.class, name = "UpToDate")})
public sealed interface Admission {

    /** Nothing was deploying: the caller holds the deploy and runs it now. */
    record Run(DeployTicket ticket) implements Admission {
        public Run {
            Objects.requireNonNull(ticket, "ticket");
        }
    }

    /**
     * A deploy runs: the request waits in the pending slot and is handed to whoever finishes the
     * running deploy. {@code superseded} is the older request it pushed out of the slot
     * ({@code null} in JSON when the slot was empty).
     */
    record Pending(DeployTicket ticket,
            @JsonSerialize(using = OptionalValueSerializer.class) Optional<DeployTicket> superseded)
            implements Admission {
        public Pending {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(superseded, "superseded");
        }
    }

    /** The request is older than {@code newer} (deployed, deploying or both), so it never runs. */
    record Refused(DeployTicket ticket, Revision newer, String reason) implements Admission {
        public Refused {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(newer, "newer");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The request is newer than the running deploy but older than the pending one, which
     * supersedes it at once; it never runs.
     */
    record Superseded(DeployTicket ticket, DeployTicket by) implements Admission {
        public Superseded {
            Objects.requireNonNull(ticket, "ticket");
            Objects.requireNonNull(by, "by");
        }
    }

    /**
     * The same revision (or the same request) is already deploying or pending; the request
     * joins {@code running}, the ticket it matched, and nothing new is queued.
     */
    record Duplicate(DeployTicket running) implements Admission {
        public Duplicate {
            Objects.requireNonNull(running, "running");
        }
    }

    /** Nothing is deploying and every cluster of the environment already runs {@code revision}. */
    record UpToDate(Revision revision) implements Admission {
        public UpToDate {
            Objects.requireNonNull(revision, "revision");
        }
    }
}
