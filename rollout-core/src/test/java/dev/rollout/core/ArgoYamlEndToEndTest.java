package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.StepRecord;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.embedded.OperationRecord;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.SpecLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An Argo Rollouts YAML, loaded as users write it, runs on the engine in virtual time. */
class ArgoYamlEndToEndTest {
    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
              namespace: shop
            spec:
              replicas: 4
              strategy:
                canary:
                  canaryService: checkout-canary
                  stableService: checkout-stable
                  trafficRouting:
                    istio:
                      virtualService:
                        name: checkout-vs
                  steps:
                  - setWeight: 25
                  - pause: {duration: 1h}
                  - setWeight: 50
                  - pause: {duration: 30}
                  - setWeight: 100
            """;

    @Test
    void anArgoCanaryRunsToHealthyWithAnHourLongPauseEndingInVirtualTime() {
        RolloutSpec spec = SpecLoader.withDefaults().loadString("checkout.yaml", ROLLOUT).rollouts().get(0);
        VirtualScheduler scheduler = new VirtualScheduler();
        EmbeddedCluster cluster = EmbeddedCluster.builder().name("prod").clock(scheduler.clock())
                .defaultReadyDelay(Duration.ofSeconds(15)).build();
        WorkloadRef checkout = new WorkloadRef("shop", "checkout");
        cluster.deploy(checkout, Revision.of("1.4.0"), 4);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster).build();

        RolloutHandle h = engine.start(spec, "prod", Revision.of("1.5.0"));
        scheduler.runUntilIdle(Duration.ofDays(1));

        assertThat(h.id()).isEqualTo("shop/checkout");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().history()).extracting(StepRecord::canaryWeight).containsExactly(25, 25, 50, 50, 100);
        assertThat(cluster.operations(checkout)).extracting(OperationRecord::describe).containsExactly(
                "SCALE shop/checkout 1.5.0 replicas=1", "SET_WEIGHT shop/checkout 1.5.0 weight=25",
                "SCALE shop/checkout 1.5.0 replicas=2", "SET_WEIGHT shop/checkout 1.5.0 weight=50",
                "SCALE shop/checkout 1.5.0 replicas=4", "SET_WEIGHT shop/checkout 1.5.0 weight=100",
                "MARK_STABLE shop/checkout 1.5.0", "RESET_WEIGHT shop/checkout 1.5.0 weight=0",
                "REMOVE shop/checkout 1.4.0");
        assertThat(scheduler.pendingTasks()).isZero();
    }
}
