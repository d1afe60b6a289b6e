package dev.rollout.k8s.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.model.TrafficRouting;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Istio router passes the traffic router kit on a VirtualService's route weights by host. */
class IstioRouterCompatibilityTest extends KubernetesRouterKit {
    @Override
    protected TrafficRouting seed() {
        cluster.seed("networking.istio.io/v1beta1", "virtualservices", """
                {"apiVersion":"networking.istio.io/v1beta1","kind":"VirtualService",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"hosts":["web"],"http":[{"name":"primary","route":[
                     {"destination":{"host":"web-stable"},"weight":100},
                     {"destination":{"host":"web-canary"},"weight":0}]}]}}
                """);
        return new TrafficRouting("istio", Map.of("virtualService", Map.of("name", "web")));
    }

    @Override
    protected Map<String, Integer> storedWeights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (JsonNode route : stored("networking.istio.io/v1beta1", "virtualservices", "web").orElseThrow()
                .path("spec").path("http").get(0).path("route")) {
            weights.put(route.path("destination").path("host").asText(), route.path("weight").asInt());
        }
        return weights;
    }
}
