package dev.rollout.k8s.e2e;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.fake.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An operator abort in the middle of a routed canary, for each router, driven by the engine
 * against the fake API server: traffic goes back to stable first, the canary Deployment stays for
 * {@code abortScaleDownDelaySeconds} and is then removed, and nothing rollout created is left.
 */
class RoutedAbortEndToEndTest {
    private static final int ABORT_DELAY_SECONDS = 60;
    private static final String CANARY_DEPLOYMENT = ".*/deployments/web-v2";

    private final FakeCluster cluster = new FakeCluster();
    private final VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);

    RoutedAbortEndToEndTest() {
        cluster.server.autoTick(true);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void smiTrafficSplitGoesBackTo100And0BeforeTheCanaryIsRemoved() {
        abortInTheMiddle(new TrafficRouting("smi", Map.of("trafficSplitName", "web-split",
                "rootService", "web")), () -> smiWeight(1), ".*/trafficsplits/web-split");

        assertThat(smiWeight(0)).isEqualTo(100);
        assertThat(smiWeight(1)).isZero();
    }

    @Test
    void istioVirtualServiceGoesBackTo100And0BeforeTheCanaryIsRemoved() {
        cluster.seed("networking.istio.io/v1beta1", "virtualservices", """
                {"apiVersion":"networking.istio.io/v1beta1","kind":"VirtualService",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"hosts":["web"],"http":[
                   {"name":"other","route":[{"destination":{"host":"admin"},"weight":100}]},
                   {"name":"primary","route":[
                     {"destination":{"host":"web-stable.shop.svc.cluster.local"},"weight":100},
                     {"destination":{"host":"web-canary"},"weight":0}]}]}}
                """);

        abortInTheMiddle(new TrafficRouting("istio", Map.of("virtualService",
                Map.of("name", "web", "routes", List.of("primary")))), () -> istioWeight(1),
                ".*/virtualservices/web");

        assertThat(istioWeight(0)).isEqualTo(100);
        assertThat(istioWeight(1)).isZero();
        assertThat(virtualService().path("spec").path("http").get(0).path("route").get(0)
                .path("weight").asInt()).as("other routes untouched").isEqualTo(100);
    }

    @Test
    void nginxCanaryIngressIsDeletedBeforeTheCanaryIsRemoved() {
        cluster.seed("networking.k8s.io/v1", "ingresses", """
                {"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
                 "metadata":{"name":"web","namespace":"shop",
                   "annotations":{"kubernetes.io/ingress.class":"nginx"}},
                 "spec":{"rules":[{"host":"web.example","http":{"paths":[{"path":"/",
                   "pathType":"Prefix","backend":{"service":{"name":"web-stable",
                   "port":{"number":80}}}}]}}]}}
                """);
        String stableBefore = ingress("web").orElseThrow().path("spec").toString();

        abortInTheMiddle(new TrafficRouting("nginx", Map.of("stableIngress", "web")),
                this::nginxWeight, ".*/ingresses/web-web-canary");

        assertThat(ingress("web-web-canary")).as("the canary Ingress is deleted").isEmpty();
        assertThat(ingress("web").orElseThrow().path("spec").toString()).isEqualTo(stableBefore);
    }

    /**
     * Runs setWeight 20, a pause, setWeight 50 and an indefinite pause, aborts there and checks
     * the order of the undo; {@code routerPath} matches the writes that move traffic.
     */
    private void abortInTheMiddle(TrafficRouting routing, IntSupplier canaryWeight,
            String routerPath) {
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).target(cluster.target)
                .readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .degradedPollInterval(Duration.ZERO).build();
        CanaryStrategy strategy = new CanaryStrategy(List.of(new CanaryStep.SetWeight(20),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(50),
                CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(80)), null, null,
                Optional.of(routing), Optional.empty(), ABORT_DELAY_SECONDS, false,
                Optional.empty(), Optional.empty());
        RolloutHandle h = engine.start(new RolloutSpec("web", NS, 4, strategy, 600, false,
                Map.of()), "fake", CANARY);
        scheduler.advance(Duration.ofMinutes(10));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(h.status().currentStepIndex()).isEqualTo(3);
        assertThat(canaryWeight.getAsInt()).as("canary weight in the middle").isEqualTo(50);
        assertThat(cluster.hasDeployment("web-v2")).isTrue();
        cluster.server.requests().reset();

        h.abort();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(canaryWeight.getAsInt()).as("traffic back to stable at once").isZero();
        assertThat(cluster.hasDeployment("web-v2")).as("canary kept for the delay").isTrue();
        scheduler.advance(Duration.ofSeconds(ABORT_DELAY_SECONDS - 10));
        assertThat(cluster.hasDeployment("web-v2"))
                .as("canary still kept before abortScaleDownDelaySeconds").isTrue();
        assertThat(cluster.server.requests().matching(null, CANARY_DEPLOYMENT).stream()
                .filter(RequestLog.Entry::isWrite)).as("canary not touched yet").isEmpty();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2");
        assertThat(cluster.hasDeployment("web-v2")).isFalse();
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(cluster.deployment("web").path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText())
                .isEqualTo(FakeCluster.STABLE_IMAGE);
        assertThat(cluster.deployment("web").path("spec").path("replicas").asInt()).isEqualTo(4);
        List<RequestLog.Entry> writes = cluster.server.requests().writes();
        int weight = firstIndex(writes, routerPath);
        int scaleDown = firstIndex(writes, CANARY_DEPLOYMENT);
        assertThat(weight).as("a traffic write after the abort, in %s", writes).isNotNegative();
        assertThat(scaleDown).as("the canary Deployment written after the abort, in %s", writes)
                .isGreaterThan(weight);
    }

    private static int firstIndex(List<RequestLog.Entry> log, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        for (int i = 0; i < log.size(); i++) {
            if (p.matcher(log.get(i).path()).matches()) {
                return i;
            }
        }
        return -1;
    }

    private int smiWeight(int backend) {
        return cluster.server.get("split.smi-spec.io/v1alpha2", "trafficsplits", NS, "web-split")
                .orElseThrow().path("spec").path("backends").get(backend).path("weight").asInt();
    }

    private JsonNode virtualService() {
        return cluster.server.get("networking.istio.io/v1beta1", "virtualservices", NS, "web")
                .orElseThrow();
    }

    private int istioWeight(int destination) {
        return virtualService().path("spec").path("http").get(1).path("route").get(destination)
                .path("weight").asInt();
    }

    private Optional<JsonNode> ingress(String name) {
        return cluster.server.get("networking.k8s.io/v1", "ingresses", NS, name).map(n -> n);
    }

    private int nginxWeight() {
        return ingress("web-web-canary").map(i -> i.path("metadata").path("annotations")
                .path("nginx.ingress.kubernetes.io/canary-weight").asInt()).orElse(0);
    }
}
