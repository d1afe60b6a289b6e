package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.embedded.Operation;
import dev.rollout.core.embedded.OperationRecord;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedClusterEngineTest {
    private static final WorkloadRef APP = new WorkloadRef("default", "app");

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final EmbeddedCluster cluster = EmbeddedCluster.builder().name("embedded")
            .clock(scheduler.clock()).defaultReadyDelay(Duration.ofSeconds(20)).build();
    private final List<RolloutEvent> events = new ArrayList<>();
    private final RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
            .listener(events::add).build();

    private static RolloutSpec routed(CanaryStep... steps) {
        return RolloutSpec.of("default", "app", 5, CanaryStrategy.of(List.of(steps))
                .withTrafficRouting(TrafficRouting.of("istio")));
    }

    @Test
    void routedCanaryOnTheEmbeddedClusterSetsWeightsAfterPodsAreReady() {
        cluster.deploy(APP, Revision.of("v1"), 5);
        RolloutHandle h = engine.start(routed(new CanaryStep.SetWeight(20),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(60)), "embedded",
                Revision.of("v2"));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        List<OperationRecord> ops = cluster.operations(APP);
        assertThat(ops).extracting(OperationRecord::describe).containsExactly(
                "SCALE default/app v2 replicas=1", "SET_WEIGHT default/app v2 weight=20",
                "SCALE default/app v2 replicas=3", "SET_WEIGHT default/app v2 weight=60",
                "SCALE default/app v2 replicas=5", "SET_WEIGHT default/app v2 weight=100",
                "MARK_STABLE default/app v2", "RESET_WEIGHT default/app v2 weight=0", "REMOVE default/app v1");
        // Each weight moved only once the pods scaled just before had had their 20 s to be ready.
        assertThat(ops.get(1).at()).isAfterOrEqualTo(ops.get(0).at().plusSeconds(20));
        assertThat(ops.get(3).at()).isAfterOrEqualTo(ops.get(2).at().plusSeconds(20));
    }

    @Test
    void aFailingTargetCallIsRetriedWithAWarningAndNeverReachesTheCaller() {
        cluster.deploy(APP, Revision.of("v1"), 5);
        cluster.failNext(Operation.SCALE, new TargetException("api server unavailable"));
        RolloutHandle h = engine.start(routed(new CanaryStep.SetWeight(40)), "embedded", Revision.of("v2"));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Warning)
                .extracting(RolloutEvent::message)
                .containsExactly("Reconcile failed and will be retried: api server unavailable");
        assertThat(cluster.operations(APP)).extracting(OperationRecord::describe)
                .startsWith("SCALE default/app v2 replicas=2", "SET_WEIGHT default/app v2 weight=40");
    }

    @Test
    void aCrashLoopingRevisionOnTheEmbeddedClusterAborts() {
        cluster.deploy(APP, Revision.of("v1"), 5);
        cluster.neverReady("v2", "exit code 137");
        RolloutHandle h = engine.start(routed(new CanaryStep.SetWeight(40)), "embedded", Revision.of("v2"));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2: revision v2 failed: CrashLoopBackOff")
                .contains("exit code 137");
        assertThat(cluster.operations(APP)).extracting(OperationRecord::describe)
                .containsExactly("SCALE default/app v2 replicas=2", "SCALE default/app v2 replicas=0",
                        // the router's objects go last, once the canary pods are gone
                        "RESET_WEIGHT default/app v1 weight=0");
    }
}
