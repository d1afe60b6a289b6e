package dev.rollout.core.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EmbeddedTrafficRouterTest {
    private final EmbeddedCluster cluster = EmbeddedCluster.create(new MockClock());
    private final WorkloadRef app = new WorkloadRef("default", "app");

    EmbeddedTrafficRouterTest() {
        cluster.deploy(app, Revision.of("v1"), 4);
        cluster.scale(app, Revision.of("v2"), 1);
    }

    private EmbeddedTrafficRouter router(String kind) {
        TrafficRouter router = cluster.trafficRouter(app, TrafficRouting.of(kind)).orElseThrow();
        assertThat(router).isInstanceOf(EmbeddedTrafficRouter.class);
        return (EmbeddedTrafficRouter) router;
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "istio", "smi", "nginx", "gatewayAPI"})
    void everyRoutingKindIsSimulated(String kind) {
        EmbeddedTrafficRouter router = router(kind);

        router.setWeight(app, "v1", "v2", 25);

        assertThat(router.routing().kind()).isEqualTo(kind);
        assertThat(router.weights(app)).isEqualTo(Map.of("v1", 75, "v2", 25));
        assertThat(cluster.observe(app).canaryWeight()).isEqualTo(25);
    }

    @Test
    void weightChangesAreLoggedOnceAndResetSendsAllTrafficToStable() {
        EmbeddedTrafficRouter router = router("istio");

        router.setWeight(app, "v1", "v2", 10);
        router.setWeight(app, "v1", "v2", 10);
        router.setWeight(app, "v1", "v2", 50);
        router.reset(app, "v1");
        router.reset(app, "v1");

        assertThat(cluster.operations()).extracting(OperationRecord::describe).containsExactly(
                "SCALE default/app v2 replicas=1",
                "SET_WEIGHT default/app v2 weight=10",
                "SET_WEIGHT default/app v2 weight=50",
                "RESET_WEIGHT default/app v1 weight=0");
        assertThat(cluster.operations().get(2).stableWeight()).hasValue(50);
        assertThat(router.weights(app)).isEqualTo(Map.of("v1", 100));
        assertThat(router.currentWeight(app)).isZero();
        assertThat(cluster.calls(Operation.SET_WEIGHT)).isEqualTo(3);
    }

    @Test
    void routersOfOneWorkloadShareItsWeight() {
        router("nginx").setWeight(app, "v1", "v2", 40);

        assertThat(router("nginx").currentWeight(app)).isEqualTo(40);
    }

    @Test
    void aWeightOutside0To100IsRejected() {
        assertThatThrownBy(() -> router("smi").setWeight(app, "v1", "v2", 101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("canaryWeight");
        assertThatThrownBy(() -> router("smi").setWeight(app, "v1", "v2", -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(cluster.writes(Operation.SET_WEIGHT)).isZero();
    }

    @Test
    void routingAnUnknownWorkloadFails() {
        WorkloadRef missing = new WorkloadRef("default", "missing");

        assertThatThrownBy(() -> router("istio").setWeight(missing, "v1", "v2", 10))
                .isInstanceOf(TargetException.class).hasMessageContaining("default/missing");
    }

    @Test
    void anInjectedWeightFailureChangesNothing() {
        cluster.failNext(Operation.SET_WEIGHT, new TargetException("503 from the mesh"));

        assertThatThrownBy(() -> router("istio").setWeight(app, "v1", "v2", 10))
                .hasMessage("503 from the mesh");
        assertThat(router("istio").currentWeight(app)).isZero();
    }
}
