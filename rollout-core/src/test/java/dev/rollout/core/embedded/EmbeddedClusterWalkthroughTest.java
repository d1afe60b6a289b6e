package dev.rollout.core.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A canary and a blue/green driven by hand, as the engine drives them: the cluster's intended use. */
class EmbeddedClusterWalkthroughTest {
    private final MockClock clock = new MockClock();
    private final EmbeddedCluster cluster = EmbeddedCluster.builder()
            .clock(clock).defaultReadyDelay(Duration.ofSeconds(15)).build();
    private final WorkloadRef checkout = new WorkloadRef("shop", "checkout");
    private final WorkloadRef cart = new WorkloadRef("shop", "cart");
    private final Revision v1 = Revision.of("v1");
    private final Revision v2 = Revision.of("v2");

    @Test
    void aCanaryWithATrafficRouter() {
        cluster.deploy(checkout, v1, 4);
        cluster.deploy(cart, v1, 2);
        TrafficRouter router = cluster.trafficRouter(checkout, TrafficRouting.of("gatewayAPI"))
                .orElseThrow();

        cluster.scale(checkout, v2, 1);
        clock.add(Duration.ofSeconds(15));
        assertThat(cluster.observe(checkout).revision("v2").orElseThrow().fullyAvailable()).isTrue();
        router.setWeight(checkout, "v1", "v2", 25);
        clock.add(Duration.ofMinutes(5));
        cluster.scale(checkout, v2, 4);
        clock.add(Duration.ofSeconds(15));
        router.setWeight(checkout, "v1", "v2", 100);
        cluster.markStable(checkout, v2);
        router.reset(checkout, "v2");
        cluster.remove(checkout, "v1");

        WorkloadState done = cluster.observe(checkout);
        assertThat(done.stableRevision()).contains("v2");
        assertThat(done.revisions()).containsOnlyKeys("v2");
        assertThat(done.canaryWeight()).isZero();
        assertThat(cluster.operations(checkout)).extracting(OperationRecord::describe).containsExactly(
                "SCALE shop/checkout v2 replicas=1",
                "SET_WEIGHT shop/checkout v2 weight=25",
                "SCALE shop/checkout v2 replicas=4",
                "SET_WEIGHT shop/checkout v2 weight=100",
                "MARK_STABLE shop/checkout v2",
                "RESET_WEIGHT shop/checkout v2 weight=0",
                "REMOVE shop/checkout v1");
        assertThat(cluster.observe(cart).stableRevision()).contains("v1");
        assertThat(cluster.observe(cart).canaryWeight()).isZero();
        assertThat(cluster.operations(cart)).isEmpty();
    }

    @Test
    void aBlueGreenSwitch() {
        cluster.deploy(checkout, v1, 3, List.of("active"));

        cluster.scale(checkout, v2, 3);
        cluster.pointService(checkout, "preview", "v2");
        assertThat(cluster.observe(checkout).revision("v2").orElseThrow().fullyAvailable()).isFalse();
        clock.add(Duration.ofSeconds(15));
        assertThat(cluster.observe(checkout).revision("v2").orElseThrow().fullyAvailable()).isTrue();
        cluster.pointService(checkout, "active", "v2");
        cluster.markStable(checkout, v2);
        clock.add(Duration.ofSeconds(30));
        cluster.remove(checkout, "v1");

        WorkloadState done = cluster.observe(checkout);
        assertThat(done.serviceSelectors()).containsEntry("active", "v2").containsEntry("preview", "v2");
        assertThat(done.stableRevision()).contains("v2");
        assertThat(cluster.operations()).extracting(OperationRecord::at)
                .extracting(instant -> instant.getEpochSecond() - cluster.operations().get(0).at()
                        .getEpochSecond())
                .containsExactly(0L, 0L, 15L, 15L, 45L);
    }
}
