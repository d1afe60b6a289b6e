package dev.rollout.api.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A completed step and the state it left behind.
 *
 * @param step 0-based step index
 * @param type the step's type ({@code setWeight}, {@code pause}, ...)
 * @param at when it completed
 * @param canaryWeight the canary weight when it completed
 * @param canaryReplicas canary replicas when it completed
 * @param stableReplicas stable replicas when it completed
 */
public record StepRecord(int step, String type, Instant at, int canaryWeight, int canaryReplicas,
        int stableReplicas) {
    public StepRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
