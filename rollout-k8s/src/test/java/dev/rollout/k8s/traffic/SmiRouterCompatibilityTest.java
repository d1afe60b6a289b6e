package dev.rollout.k8s.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.model.TrafficRouting;
import java.util.LinkedHashMap;
import java.util.Map;

/** The SMI router passes the traffic router kit on a TrafficSplit it creates. */
class SmiRouterCompatibilityTest extends KubernetesRouterKit {
    @Override
    protected TrafficRouting seed() {
        return new TrafficRouting("smi", Map.of("trafficSplitName", "web-split"));
    }

    @Override
    protected Map<String, Integer> storedWeights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        stored("split.smi-spec.io/v1alpha2", "trafficsplits", "web-split").ifPresent(split -> {
            for (JsonNode backend : split.path("spec").path("backends")) {
                weights.put(backend.path("service").asText(), backend.path("weight").asInt());
            }
        });
        return weights;
    }
}
