package dev.rollout.k8s.traffic;

import dev.rollout.api.model.TrafficRouting;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The NGINX router passes the traffic router kit: the canary Ingress's {@code canary-weight} goes
 * to the canary, the rest to the stable Ingress, which the router never changes.
 */
class NginxRouterCompatibilityTest extends KubernetesRouterKit {
    @Override
    protected TrafficRouting seed() {
        cluster.seed("networking.k8s.io/v1", "ingresses", """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
                 "metadata":{"name":"web","namespace":"shop",
                   "annotations":{"kubernetes.io/ingress.class":"nginx"}},
                 "spec":{"rules":[{"host":"web.example","http":{"paths":[{"path":"/",
                   "pathType":"Prefix","backend":{"service":{"name":"web-stable",
                   "port":{"number":80}}}}]}}]}}
                """);
        return new TrafficRouting("nginx", Map.of("stableIngress", "web"));
    }

    @Override
    protected Map<String, Integer> storedWeights() {
        Map<String, Integer> weights = new LinkedHashMap<>();
        stored("networking.k8s.io/v1", "ingresses", "web-web-canary").ifPresent(canary -> {
            int weight = canary.path("metadata").path("annotations")
                    .path("nginx.ingress.kubernetes.io/canary-weight").asInt();
            weights.put("web-canary", weight);
            weights.put("web-stable", 100 - weight);
        });
        return weights;
    }
}
