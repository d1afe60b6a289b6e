package dev.rollout.api.model;

import dev.rollout.api.internal.Immutable;
import java.util.Map;
import java.util.Objects;

/**
 * Which traffic router a canary uses and its settings, as written under
 * {@code canary.trafficRouting} (for example {@code istio}, {@code smi}, {@code nginx},
 * {@code gatewayAPI}, or {@code embedded} for the in-memory cluster).
 *
 * @param kind the router's name
 * @param config the router's settings, as loaded from YAML (immutable)
 */
public record TrafficRouting(String kind, Map<String, Object> config) {
    public TrafficRouting {
        Objects.requireNonNull(kind, "kind");
        config = Immutable.tree(config);
    }

    /** A router of the given kind with no settings. */
    public static TrafficRouting of(String kind) {
        return new TrafficRouting(kind, Map.of());
    }
}
