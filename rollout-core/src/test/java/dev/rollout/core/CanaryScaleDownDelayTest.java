package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.embedded.OperationRecord;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a router, the old stable revision stays up {@code scaleDownDelaySeconds} after promotion. */
class CanaryScaleDownDelayTest {
    private static final WorkloadRef APP = new WorkloadRef("default", "app");

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();
    private final EmbeddedCluster cluster = EmbeddedCluster.builder().name("local").clock(clock)
            .defaultReadyDelay(Duration.ofSeconds(5)).build();

    private RolloutEngine engine(VirtualScheduler scheduler) {
        return RolloutEngine.builder().scheduler(scheduler).stateStore(new FileStateStore(dir))
                .target(cluster).build();
    }

    private static RolloutSpec spec(CanaryStrategy strategy) {
        return RolloutSpec.of("default", "app", 3, strategy);
    }

    private static CanaryStrategy routed() {
        return CanaryStrategy.of(List.of(new CanaryStep.SetWeight(50)))
                .withTrafficRouting(TrafficRouting.of("embedded"));
    }

    private Instant removedAt(String revision) {
        return operationAt("REMOVE default/app " + revision);
    }

    private Instant operationAt(String description) {
        return cluster.operations(APP).stream().filter(o -> o.describe().equals(description))
                .map(OperationRecord::at).findFirst().orElse(null);
    }

    @Test
    void aRoutedCanaryKeepsTheOldRevisionForTheDefaultThirtySeconds() {
        cluster.deploy(APP, Revision.of("v1"), 3);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        RolloutHandle h = engine(scheduler).start(spec(routed()), "local", Revision.of("v2"));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(removedAt("v1")).isNull();
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(removedAt("v1")).isEqualTo(operationAt("MARK_STABLE default/app v2").plusSeconds(30));
    }

    @Test
    void aRoutedCanaryKeepsTheOldRevisionForItsDelayEvenAcrossARestart() {
        cluster.deploy(APP, Revision.of("v1"), 3);
        VirtualScheduler first = new VirtualScheduler(clock);
        RolloutEngine before = engine(first);
        RolloutHandle h = before.start(spec(routed().withScaleDownDelaySeconds(600)), "local",
                Revision.of("v2"));
        first.advance(Duration.ofMinutes(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        Instant promotedAt = h.status().updatedAt();
        assertThat(removedAt("v1")).isNull();
        before.close();

        VirtualScheduler second = new VirtualScheduler(clock);
        RolloutEngine after = engine(second);
        assertThat(after.resumeAll()).hasSize(1);
        second.runUntilIdle(Duration.ofDays(1));
        assertThat(removedAt("v1")).isEqualTo(promotedAt.plusSeconds(600));
        assertThat(after.resumeAll()).isEmpty();
    }

    @Test
    void aBasicCanaryRemovesTheOldRevisionAtPromotionAsArgoDoes() {
        cluster.deploy(APP, Revision.of("v1"), 3);
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        RolloutHandle h = engine(scheduler).start(spec(CanaryStrategy.of(List.of(new CanaryStep.SetWeight(50)))
                .withScaleDownDelaySeconds(600)), "local", Revision.of("v2"));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(removedAt("v1")).isEqualTo(operationAt("MARK_STABLE default/app v2"));
    }
}
