package dev.rollout.k8s.traffic;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.TrafficRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A router's settings read from {@code trafficRouting.<kind>}, plus the stable and canary
 * Services. Argo keeps those at {@code canary.stableService}/{@code canary.canaryService}; a
 * router reads them from its own block ({@code stableService}, {@code canaryService}) and
 * otherwise assumes {@code <workload>-stable} and {@code <workload>-canary}.
 *
 * @param workload the workload routed
 * @param kind the routing kind, for messages
 * @param settings the router's block
 * @param stableService the Service selecting stable pods
 * @param canaryService the Service selecting canary pods
 * @param manageSelectors whether the router points the two Services at the revisions' pods
 *     ({@code manageServiceSelectors}, default true)
 */
public record RouterConfig(WorkloadRef workload, String kind, Map<String, Object> settings,
        String stableService, String canaryService, boolean manageSelectors) {

    /** Reads the routing block. */
    public static RouterConfig of(WorkloadRef workload, TrafficRouting routing) {
        Map<String, Object> settings = routing.config();
        String stable = string(settings, "stableService").orElse(workload.name() + "-stable");
        String canary = string(settings, "canaryService").orElse(workload.name() + "-canary");
        boolean manage = !"false".equals(String.valueOf(settings.get("manageServiceSelectors")));
        return new RouterConfig(workload, routing.kind(), settings, stable, canary, manage);
    }

    /** A string setting. */
    public Optional<String> string(String key) {
        return string(settings, key);
    }

    /** A required string setting; a spec error naming the field when missing. */
    public String required(String key) {
        return string(key).orElseThrow(() -> problem(key, "is required"));
    }

    /** A spec error about a field of this router's block. */
    public InvalidSpecException problem(String key, String message) {
        return new InvalidSpecException(new InvalidSpecException.SpecProblem("<inline>", 0,
                "spec.strategy.canary.trafficRouting." + kind + "." + key, message));
    }

    /** A nested block, empty when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> block(String key) {
        Object value = settings.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A list of blocks, empty when absent. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> blocks(String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (settings.get(key) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    out.add((Map<String, Object>) m);
                }
            }
        }
        return out;
    }

    /** A string inside a map. */
    public static Optional<String> string(Map<String, Object> map, String key) {
        Object value = map.get(key);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    /** A list of strings inside a map, empty when absent. */
    public static List<String> strings(Map<String, Object> map, String key) {
        List<String> out = new ArrayList<>();
        if (map.get(key) instanceof List<?> list) {
            list.forEach(item -> out.add(String.valueOf(item)));
        }
        return out;
    }
}
