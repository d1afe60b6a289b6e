package dev.rollout.api.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /** The step as plain JSON values (the instant as an ISO-8601 string), for Jackson without modules. */
    @JsonValue
    private Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("step", step);
        json.put("type", type);
        json.put("at", at.toString());
        json.put("canaryWeight", canaryWeight);
        json.put("canaryReplicas", canaryReplicas);
        json.put("stableReplicas", stableReplicas);
        return json;
    }
}
