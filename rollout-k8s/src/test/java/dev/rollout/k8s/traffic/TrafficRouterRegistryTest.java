package dev.rollout.k8s.traffic;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.STABLE;
import static dev.rollout.k8s.FakeCluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrafficRouterRegistryTest {
    private final FakeCluster cluster = new FakeCluster();

    @AfterEach
    void close() {
        cluster.close();
    }

    /** A router that only remembers weights, named after its kind. */
    static final class Remembering implements TrafficRouter {
        final Map<WorkloadRef, Integer> weights = new ConcurrentHashMap<>();
        final RouterContext context;

        Remembering(RouterContext context) {
            this.context = context;
        }

        @Override
        public void setWeight(WorkloadRef workload, String stableRevision, String canaryRevision, int canaryWeight) {
            weights.put(workload, canaryWeight);
        }

        @Override
        public int currentWeight(WorkloadRef workload) {
            return weights.getOrDefault(workload, 0);
        }
    }

    record Factory(String kind) implements TrafficRouterFactory {
        @Override
        public TrafficRouter create(RouterContext context) {
            return new Remembering(context);
        }
    }

    /** Found by ServiceLoader through this module's test resources. */
    public static final class Discovered implements TrafficRouterFactory {
        @Override
        public String kind() {
            return "kit-discovered";
        }

        @Override
        public TrafficRouter create(RouterContext context) {
            return new Remembering(context);
        }
    }

    @Test
    void theBuiltInKindsAreRegisteredByDefaultWithArgosPluginName() {
        TrafficRouterRegistry registry = TrafficRouterRegistry.builder().build();

        assertThat(registry.kinds()).containsExactly("gatewayAPI", "smi", "istio", "nginx");
        assertThat(registry.factory("ARGOPROJ-LABS/gatewayapi")).isEqualTo(registry.factory("gatewayAPI"));
        assertThat(registry.factory("appmesh")).isEmpty();
    }

    @Test
    void aRegisteredKindIsRoutedAndItsRouterSeenByObserve() {
        KubernetesClusterTarget target = KubernetesClusterTarget.builder(cluster.connection)
                .trafficRouter(new Factory("appmesh")).build();

        TrafficRouter router = target.trafficRouter(WEB, new TrafficRouting("AppMesh", Map.of("mesh", "m")))
                .orElseThrow();
        router.setWeight(WEB, STABLE.id(), CANARY.id(), 35);

        assertThat(router).isInstanceOf(Remembering.class);
        assertThat(((Remembering) router).context.config().settings()).containsEntry("mesh", "m");
        assertThat(((Remembering) router).context.target()).isSameAs(target);
        assertThat(target.observe(WEB).canaryWeight()).isEqualTo(35);
        assertThat(target.trafficRouter(WEB, TrafficRouting.of("istio"))).as("built-ins stay").isPresent();
    }

    @Test
    void aRegisteredFactoryReplacesABuiltInKind() {
        KubernetesClusterTarget target = KubernetesClusterTarget.builder(cluster.connection)
                .trafficRouter(new Factory("istio")).build();

        assertThat(target.trafficRouter(WEB, TrafficRouting.of("istio")).orElseThrow())
                .isInstanceOf(Remembering.class);
        assertThat(cluster.target.trafficRouter(WEB, TrafficRouting.of("istio")).orElseThrow())
                .as("another target keeps the built-in").isNotInstanceOf(Remembering.class);
    }

    @Test
    void serviceLoaderDiscoveryIsOnlyAnOptIn() {
        KubernetesClusterTarget plain = KubernetesClusterTarget.builder(cluster.connection).build();
        KubernetesClusterTarget discovering = KubernetesClusterTarget.builder(cluster.connection)
                .discoverTrafficRouters(getClass().getClassLoader()).build();

        assertThat(plain.trafficRouter(WEB, TrafficRouting.of("kit-discovered"))).isEmpty();
        assertThat(discovering.trafficRouter(WEB, TrafficRouting.of("kit-discovered")).orElseThrow())
                .isInstanceOf(Remembering.class);
    }

    @Test
    void anUnknownKindHasNoRouterAndABlankKindIsRefused() {
        assertThat(cluster.target.trafficRouter(WEB, TrafficRouting.of("appmesh"))).isEmpty();
        assertThatThrownBy(() -> TrafficRouterRegistry.builder().register(new Factory(" ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kind");
        assertThat(TrafficRouterRegistry.builder().register(new Factory("x")).build().kinds())
                .endsWith("x");
    }
}
