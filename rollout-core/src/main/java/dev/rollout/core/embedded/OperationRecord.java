package dev.rollout.core.embedded;

import dev.rollout.api.cluster.WorkloadRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One write the {@link EmbeddedCluster} applied, in the order applied. Repeated calls that
 * changed nothing are not recorded, so a test sees exactly which changes happened.
 *
 * @param operation what was done
 * @param workload the workload it was done to
 * @param revision the revision concerned (for weights: the canary; for a reset: the stable one)
 * @param replicas the desired replicas, for {@link Operation#SCALE}
 * @param weight the canary's traffic weight (0..100), for the weight operations
 * @param service the service, for {@link Operation#POINT_SERVICE}
 * @param at when it was applied, on the cluster's clock
 */
public record OperationRecord(Operation operation, WorkloadRef workload, String revision,
        OptionalInt replicas, OptionalInt weight, Optional<String> service, Instant at) {
    public OperationRecord {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(replicas, "replicas");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(at, "at");
    }

    /** The traffic weight left for the stable revision, for the weight operations. */
    public OptionalInt stableWeight() {
        return weight.isPresent() ? OptionalInt.of(100 - weight.getAsInt()) : OptionalInt.empty();
    }

    /**
     * A short form without the time, for assertions: for example
     * {@code "SCALE default/app v2 replicas=3"}, {@code "SET_WEIGHT default/app v2 weight=20"},
     * {@code "POINT_SERVICE default/app v2 service=active"}, {@code "REMOVE default/app v2"}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(operation).append(' ').append(workload).append(' ').append(revision);
        replicas.ifPresent(r -> text.append(" replicas=").append(r));
        weight.ifPresent(w -> text.append(" weight=").append(w));
        service.ifPresent(s -> text.append(" service=").append(s));
        return text.toString();
    }

    @Override
    public String toString() {
        return describe() + " at " + at;
    }
}
