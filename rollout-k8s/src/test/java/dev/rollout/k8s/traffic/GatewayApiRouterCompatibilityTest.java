package dev.rollout.k8s.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.model.TrafficRouting;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Gateway API router passes the traffic router kit on an HTTPRoute's backendRefs. */
class GatewayApiRouterCompatibilityTest extends KubernetesRouterKit {
    @Override
    protected TrafficRouting seed() {
        cluster.seed("gateway.networking.k8s.io/v1", "httproutes", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"rules":[{"backendRefs":[{"name":"web-stable","port":80}]}]}}
                """);
        return new TrafficRouting("gatewayAPI", Map.of("httpRoute", "web"));
    }

    @Override
    protected Map<String, Integer> storedWeights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode ref : stored("gateway.networking.k8s.io/v1", "httproutes", "web").orElseThrow()
                .path("spec").path("rules").get(0).path("backendRefs")) {
            // A backendRef without a weight has weight 1 (Gateway API); alone it takes everything.
            weights.put(ref.path("name").asText(), ref.path("weight").asInt(100));
        }
        return weights;
    }
}
