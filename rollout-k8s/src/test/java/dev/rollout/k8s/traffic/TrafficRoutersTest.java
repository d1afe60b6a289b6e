package dev.rollout.k8s.traffic;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static dev.rollout.k8s.FakeCluster.STABLE;
import static dev.rollout.k8s.FakeCluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.fake.RequestLog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficRoutersTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    private TrafficRouter router(String kind, Map<String, Object> config) {
        return cluster.target.trafficRouter(WEB, new TrafficRouting(kind, config)).orElseThrow();
    }

    private JsonNode object(String apiVersion, String plural, String name) {
        return cluster.server.get(apiVersion, plural, NS, name).orElseThrow();
    }

    /** Runs a canary to 30%, repeats it, moves to 60%, then aborts in the middle. */
    private void exercise(TrafficRouter router, Runnable weightsAt30, Runnable weightsAt0) {
        cluster.target.scale(WEB, CANARY, 1);
        cluster.settle();
        router.setWeight(WEB, STABLE.id(), CANARY.id(), 30);
        int writes = cluster.writes().size();
        router.setWeight(WEB, STABLE.id(), CANARY.id(), 30);
        assertThat(cluster.writes()).as("repeating a weight writes nothing").hasSize(writes);
        assertThat(router.currentWeight(WEB)).isEqualTo(30);
        assertThat(cluster.target.observe(WEB).canaryWeight()).isEqualTo(30);
        weightsAt30.run();
        assertThat(cluster.service("web-canary").path("spec").path("selector")
                .path(RolloutLabels.REVISION).asText()).isEqualTo("v2");
        assertThat(cluster.service("web-stable").path("spec").path("selector")
                .path(RolloutLabels.POD_TEMPLATE_HASH).asText())
                .as("stable pods selected by their ReplicaSet's hash, without a restart")
                .isNotBlank();

        router.setWeight(WEB, STABLE.id(), CANARY.id(), 60);
        assertThat(router.currentWeight(WEB)).isEqualTo(60);

        // abort: traffic back to stable first, then the canary goes
        router.reset(WEB, STABLE.id());
        router.reset(WEB, STABLE.id());
        cluster.target.scale(WEB, CANARY, 0);
        cluster.target.remove(WEB, CANARY.id());
        assertThat(router.currentWeight(WEB)).isZero();
        weightsAt0.run();
        assertThat(cluster.server.requests().matching("PATCH", ".*"))
                .extracting(RequestLog.Entry::contentType)
                .allMatch(t -> t.contains("merge-patch+json") || t.contains("json-patch+json"));
    }

    @Test
    void gatewayApiSetsBackendRefWeightsAndAddsTheCanaryRef() {
        cluster.seed("gateway.networking.k8s.io/v1", "httproutes", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"parentRefs":[{"name":"gw"}],"rules":[
                   {"matches":[{"path":{"type":"PathPrefix","value":"/"}}],
                    "backendRefs":[{"name":"web-stable","port":80}]}]}}
                """);
        TrafficRouter router = router("argoproj-labs/gatewayAPI", Map.of("httpRoute", "web"));

        exercise(router, () -> {
            JsonNode refs = object("gateway.networking.k8s.io/v1", "httproutes", "web")
                    .path("spec").path("rules").get(0).path("backendRefs");
            assertThat(refs).hasSize(2);
            assertThat(refs.get(0).path("weight").asInt()).isEqualTo(70);
            assertThat(refs.get(1).path("name").asText()).isEqualTo("web-canary");
            assertThat(refs.get(1).path("port").asInt()).isEqualTo(80);
            assertThat(refs.get(1).path("weight").asInt()).isEqualTo(30);
        }, () -> {
            JsonNode refs = object("gateway.networking.k8s.io/v1", "httproutes", "web")
                    .path("spec").path("rules").get(0).path("backendRefs");
            assertThat(refs.get(0).path("weight").asInt()).isEqualTo(100);
            assertThat(refs.get(1).path("weight").asInt()).isZero();
        });
    }

    @Test
    void gatewayApiRetriesWhenItsGuardedPatchLosesARace() {
        cluster.seed("gateway.networking.k8s.io/v1", "httproutes", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"rules":[{"backendRefs":[{"name":"web-stable","port":80,"weight":100},
                                                  {"name":"web-canary","port":80,"weight":0}]}]}}
                """);
        cluster.server.faults().on("PATCH", ".*/httproutes/web").times(2)
                .respond(422, "Invalid", "test operation failed");
        cluster.server.faults().on("PATCH", ".*/httproutes/web").times(2).conflict();
        TrafficRouter router = router("gatewayAPI", Map.of("httpRoute", "web"));

        router.setWeight(WEB, STABLE.id(), CANARY.id(), 25);

        assertThat(router.currentWeight(WEB)).isEqualTo(25);
        assertThat(cluster.server.requests().matching("PATCH", ".*/httproutes/web"))
                .hasSize(5).allMatch(e -> e.body().contains("\"op\":\"test\""));
    }

    @Test
    void smiCreatesTheTrafficSplitAndWeightsItsBackends() {
        TrafficRouter router = router("smi", Map.of("trafficSplitName", "web-split",
                "rootService", "web"));

        exercise(router, () -> {
            JsonNode split = object("split.smi-spec.io/v1alpha2", "trafficsplits", "web-split");
            assertThat(split.path("spec").path("service").asText()).isEqualTo("web");
            assertThat(split.path("spec").path("backends").toString()).isEqualTo(
                    "[{\"service\":\"web-stable\",\"weight\":70},"
                            + "{\"service\":\"web-canary\",\"weight\":30}]");
        }, () -> assertThat(object("split.smi-spec.io/v1alpha2", "trafficsplits", "web-split")
                .path("spec").path("backends").get(0).path("weight").asInt()).isEqualTo(100));
    }

    @Test
    void istioWeightsDestinationsByHostInTheNamedRoutes() {
        cluster.seed("networking.istio.io/v1beta1", "virtualservices", """
                {"apiVersion":"networking.istio.io/v1beta1","kind":"VirtualService",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"hosts":["web"],"http":[
                   {"name":"other","route":[{"destination":{"host":"admin"},"weight":100}]},
                   {"name":"primary","route":[
                     {"destination":{"host":"web-stable.shop.svc.cluster.local"},"weight":100},
                     {"destination":{"host":"web-canary"},"weight":0}]}]}}
                """);
        TrafficRouter router = router("istio", Map.of("virtualService",
                Map.of("name", "web", "routes", List.of("primary"))));

        exercise(router, () -> {
            JsonNode http = object("networking.istio.io/v1beta1", "virtualservices", "web")
                    .path("spec").path("http");
            assertThat(http.get(0).path("route").get(0).path("weight").asInt()).isEqualTo(100);
            assertThat(http.get(1).path("route").get(0).path("weight").asInt()).isEqualTo(70);
            assertThat(http.get(1).path("route").get(1).path("weight").asInt()).isEqualTo(30);
        }, () -> assertThat(object("networking.istio.io/v1beta1", "virtualservices", "web")
                .path("spec").path("http").get(1).path("route").get(0).path("weight").asInt())
                .isEqualTo(100));
    }

    @Test
    void istioSubsetRoutingLabelsTheDestinationRuleSubsets() {
        cluster.seed("networking.istio.io/v1beta1", "virtualservices", """
                {"apiVersion":"networking.istio.io/v1beta1","kind":"VirtualService",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"http":[{"route":[
                     {"destination":{"host":"web","subset":"stable"},"weight":100},
                     {"destination":{"host":"web","subset":"canary"},"weight":0}]}]}}
                """);
        cluster.seed("networking.istio.io/v1beta1", "destinationrules", """
                {"apiVersion":"networking.istio.io/v1beta1","kind":"DestinationRule",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"host":"web","subsets":[{"name":"stable","labels":{"app":"web"}},
                                                 {"name":"canary"}]}}
                """);
        TrafficRouter router = router("istio", Map.of(
                "virtualService", Map.of("name", "web"),
                "destinationRule", Map.of("name", "web", "stableSubsetName", "stable",
                        "canarySubsetName", "canary")));
        cluster.target.scale(WEB, CANARY, 1);

        router.setWeight(WEB, STABLE.id(), CANARY.id(), 40);

        JsonNode subsets = object("networking.istio.io/v1beta1", "destinationrules", "web")
                .path("spec").path("subsets");
        assertThat(subsets.get(0).path("labels").path("app").asText()).isEqualTo("web");
        assertThat(subsets.get(0).path("labels").path(RolloutLabels.POD_TEMPLATE_HASH).asText())
                .isNotBlank();
        assertThat(subsets.get(1).path("labels").path(RolloutLabels.REVISION).asText())
                .isEqualTo("v2");
        assertThat(router.currentWeight(WEB)).isEqualTo(40);
        assertThat(object("networking.istio.io/v1beta1", "virtualservices", "web").path("spec")
                .path("http").get(0).path("route").get(0).path("weight").asInt()).isEqualTo(60);
    }

    @Test
    void nginxClonesTheStableIngressAsAWeightedCanaryAndDeletesItOnReset() {
        cluster.seed("networking.k8s.io/v1", "ingresses", """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
                 "metadata":{"name":"web","namespace":"shop",
                   "annotations":{"kubernetes.io/ingress.class":"nginx"}},
                 "spec":{"rules":[{"host":"web.example","http":{"paths":[{"path":"/",
                   "pathType":"Prefix","backend":{"service":{"name":"web-stable",
                   "port":{"number":80}}}}]}}]}}
                """);
        TrafficRouter router = router("nginx", Map.of("stableIngress", "web"));

        exercise(router, () -> {
            JsonNode canary = object("networking.k8s.io/v1", "ingresses", "web-web-canary");
            JsonNode annotations = canary.path("metadata").path("annotations");
            assertThat(annotations.path("nginx.ingress.kubernetes.io/canary").asText())
                    .isEqualTo("true");
            assertThat(annotations.path("nginx.ingress.kubernetes.io/canary-weight").asText())
                    .isEqualTo("30");
            assertThat(canary.path("spec").path("rules").get(0).path("http").path("paths").get(0)
                    .path("backend").path("service").path("name").asText())
                    .isEqualTo("web-canary");
        }, () -> assertThat(cluster.server.get("networking.k8s.io/v1", "ingresses", NS,
                "web-web-canary")).isEmpty());
        assertThat(object("networking.k8s.io/v1", "ingresses", "web").toString())
                .as("the stable Ingress is never changed").doesNotContain("canary");
    }

    @Test
    void theCanarysServicesAreHandedToTheRouter() {
        cluster.seed("v1", "services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"shop-web-new","namespace":"shop"},
                 "spec":{"selector":{"app":"web"}}}
                """);
        var canary = dev.rollout.api.model.CanaryStrategy.of(List.of())
                .withTrafficRouting(new TrafficRouting("smi", Map.of("trafficSplitName", "s")));
        canary = new dev.rollout.api.model.CanaryStrategy(canary.steps(), null, null,
                canary.trafficRouting(), canary.analysis(), 30, false,
                java.util.Optional.of("shop-web-new"), java.util.Optional.of("web-stable"));
        TrafficRouting routing = TrafficRouters.withServices(canary).orElseThrow();
        TrafficRouter router = cluster.target.trafficRouter(WEB, routing).orElseThrow();
        cluster.target.scale(WEB, CANARY, 1);

        router.setWeight(WEB, STABLE.id(), CANARY.id(), 10);

        assertThat(object("split.smi-spec.io/v1alpha2", "trafficsplits", "s").path("spec")
                .path("backends").get(1).path("service").asText()).isEqualTo("shop-web-new");
        assertThat(cluster.service("shop-web-new").path("spec").path("selector")
                .path(RolloutLabels.REVISION).asText()).isEqualTo("v2");
    }

    @Test
    void unknownKindsHaveNoRouterAndMissingSettingsAreSpecErrors() {
        assertThat(cluster.target.trafficRouter(WEB, TrafficRouting.of("appmesh"))).isEmpty();
        TrafficRouter router = router("nginx", Map.of());

        assertThatThrownBy(() -> router.setWeight(WEB, STABLE.id(), CANARY.id(), 10))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("trafficRouting.nginx.stableIngress");
    }
}
