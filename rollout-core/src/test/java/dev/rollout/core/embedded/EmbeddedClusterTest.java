package dev.rollout.core.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedClusterTest {
    private final MockClock clock = new MockClock();
    private final EmbeddedCluster cluster = EmbeddedCluster.create(clock);
    private final WorkloadRef app = new WorkloadRef("default", "app");
    private final Revision v1 = Revision.of("v1");
    private final Revision v2 = Revision.of("v2");

    private RevisionState state(String revision) {
        return cluster.observe(app).revision(revision).orElseThrow();
    }

    @Test
    void isNamedEmbeddedUnlessToldOtherwise() {
        assertThat(cluster.name()).isEqualTo("embedded");
        assertThat(EmbeddedCluster.builder().name("eu-west").build().name()).isEqualTo("eu-west");
        assertThatThrownBy(() -> EmbeddedCluster.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    }

    @Test
    void deploySeedsAFullyAvailableStableRevisionWithoutLoggingIt() {
        cluster.defaultReadyDelay(Duration.ofMinutes(5));

        cluster.deploy(app, v1, 3, List.of("active"));

        assertThat(cluster.observe(app).stableRevision()).contains("v1");
        assertThat(state("v1")).isEqualTo(new RevisionState("v1", 3, 3, 3, 3, Optional.empty()));
        assertThat(cluster.observe(app).serviceSelectors()).containsExactly(
                Map.entry("active", "v1"));
        assertThat(cluster.operations()).isEmpty();
        assertThat(cluster.workloads()).containsExactly(app);
    }

    @Test
    void anUnknownWorkloadIsObservedAsEmpty() {
        assertThat(cluster.observe(app).stableRevision()).isEmpty();
        assertThat(cluster.observe(app).revisions()).isEmpty();
    }

    @Test
    void podsBecomeReadyAfterTheirRevisionsDelay() {
        cluster.deploy(app, v1, 2);
        cluster.defaultReadyDelay(Duration.ofSeconds(10));
        cluster.readyAfter("v2", Duration.ofSeconds(30));

        cluster.scale(app, v2, 2);
        clock.add(Duration.ofSeconds(30).minusMillis(1));
        assertThat(state("v2").ready()).isZero();
        clock.add(Duration.ofMillis(1));

        assertThat(state("v2")).isEqualTo(new RevisionState("v2", 2, 2, 2, 2, Optional.empty()));
    }

    @Test
    void scalingUpRestartsTheReadinessClockForNewPodsOnly() {
        cluster.deploy(app, v1, 2);
        cluster.defaultReadyDelay(Duration.ofSeconds(10));

        cluster.scale(app, v1, 5);
        assertThat(state("v1").available()).isEqualTo(2);
        clock.add(Duration.ofSeconds(5));
        cluster.scale(app, v1, 6);
        clock.add(Duration.ofSeconds(5));
        assertThat(state("v1").available()).isEqualTo(5);
        clock.add(Duration.ofSeconds(5));

        assertThat(state("v1").available()).isEqualTo(6);
        assertThat(state("v1").fullyAvailable()).isTrue();
    }

    @Test
    void aChangedDelayAppliesToPodsStartedAfterIt() {
        cluster.deploy(app, v1, 1);
        cluster.readyAfter("v2", Duration.ofSeconds(10));
        cluster.scale(app, v2, 1);

        cluster.readyAfter("v2", Duration.ofMinutes(10));
        cluster.scale(app, v2, 2);
        clock.add(Duration.ofSeconds(10));

        assertThat(state("v2").available()).isEqualTo(1);
        clock.add(Duration.ofMinutes(10));
        assertThat(state("v2").available()).isEqualTo(2);
    }

    @Test
    void scalingDownIsImmediateAndDropsPodsThatAreNotReadyFirst() {
        cluster.deploy(app, v1, 2);
        cluster.defaultReadyDelay(Duration.ofSeconds(10));
        cluster.scale(app, v1, 4);

        cluster.scale(app, v1, 3);
        assertThat(state("v1")).isEqualTo(new RevisionState("v1", 3, 3, 2, 2, Optional.empty()));
        cluster.scale(app, v1, 1);

        assertThat(state("v1")).isEqualTo(new RevisionState("v1", 1, 1, 1, 1, Optional.empty()));
    }

    @Test
    void aCrashLoopingRevisionReportsItsFailureOnceItsPodsHadTimeToStart() {
        cluster.deploy(app, v1, 2);
        cluster.readyAfter("v2", Duration.ofSeconds(10));
        cluster.neverReady("v2", "exit code 137");

        cluster.scale(app, v2, 2);
        assertThat(state("v2").failure()).isEmpty();
        clock.add(Duration.ofSeconds(10));

        assertThat(state("v2").failure()).contains("CrashLoopBackOff: exit code 137");
        assertThat(state("v2").available()).isZero();
        clock.add(Duration.ofHours(1));
        assertThat(state("v2").fullyAvailable()).isFalse();
    }

    @Test
    void theOperationLogHoldsEachChangeOnceInOrder() {
        cluster.deploy(app, v1, 3);
        cluster.scale(app, v2, 1);
        cluster.scale(app, v2, 1);
        clock.add(Duration.ofSeconds(7));
        cluster.pointService(app, "preview", "v2");
        cluster.pointService(app, "preview", "v2");
        cluster.markStable(app, v2);
        cluster.markStable(app, v2);
        cluster.remove(app, "v1");
        cluster.remove(app, "v1");

        assertThat(cluster.operations()).extracting(OperationRecord::describe).containsExactly(
                "SCALE default/app v2 replicas=1",
                "POINT_SERVICE default/app v2 service=preview",
                "MARK_STABLE default/app v2",
                "REMOVE default/app v1");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(cluster.operations().get(0)).isEqualTo(new OperationRecord(Operation.SCALE, app,
                "v2", OptionalInt.of(1), OptionalInt.empty(), Optional.empty(), start));
        assertThat(cluster.operations().get(3).at()).isEqualTo(start.plusSeconds(7));
        assertThat(cluster.writes()).isEqualTo(4);
        assertThat(cluster.writes(Operation.SCALE)).isEqualTo(1);
        assertThat(cluster.calls(Operation.SCALE)).isEqualTo(2);
        assertThat(cluster.calls(Operation.REMOVE)).isEqualTo(2);
        assertThat(cluster.operations(new WorkloadRef("default", "other"))).isEmpty();
        assertThatThrownBy(() -> cluster.operations().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void anInjectedFailureIsThrownOnceAndChangesNothing() {
        cluster.deploy(app, v1, 3);
        TargetException conflict = new TargetException("409 Conflict");
        cluster.failNext(Operation.SCALE, conflict);

        assertThatThrownBy(() -> cluster.scale(app, v2, 2)).isSameAs(conflict);
        assertThat(cluster.observe(app).revision("v2")).isEmpty();
        cluster.scale(app, v2, 2);

        assertThat(state("v2").desired()).isEqualTo(2);
        assertThat(cluster.calls(Operation.SCALE)).isEqualTo(2);
        assertThat(cluster.writes(Operation.SCALE)).isEqualTo(1);
    }

    @Test
    void observeCanBeMadeToFail() {
        cluster.deploy(app, v1, 3);
        cluster.failNext(Operation.OBSERVE, new TargetException("timeout"));
        cluster.failNext(Operation.OBSERVE, new TargetException("timeout again"));

        assertThatThrownBy(() -> cluster.observe(app)).hasMessage("timeout");
        assertThatThrownBy(() -> cluster.observe(app)).hasMessage("timeout again");
        assertThat(cluster.observe(app).stableRevision()).contains("v1");
        assertThat(cluster.calls(Operation.OBSERVE)).isEqualTo(3);
    }

    @Test
    void theStableRevisionCannotBeRemoved() {
        cluster.deploy(app, v1, 3);

        assertThatThrownBy(() -> cluster.remove(app, "v1"))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("v1").hasMessageContaining("stable");
        assertThat(state("v1").desired()).isEqualTo(3);
    }

    @Test
    void badArgumentsAreRejectedByName() {
        cluster.deploy(app, v1, 3);

        assertThatThrownBy(() -> cluster.scale(app, v2, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas");
        assertThatThrownBy(() -> cluster.readyAfter("v2", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
        assertThat(cluster.operations()).isEmpty();
    }

    @Test
    void aFirstDeployCanStartFromNothing() {
        cluster.scale(app, v1, 2);
        cluster.markStable(app, v1);

        assertThat(cluster.observe(app).stableRevision()).contains("v1");
        assertThat(state("v1").fullyAvailable()).isTrue();
    }

    @Test
    void concurrentWritersAreAllApplied() throws Exception {
        cluster.deploy(app, v1, 1);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String service = "svc-" + i;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 50; round++) {
                        cluster.pointService(app, service, round % 2 == 0 ? "v1" : "v2");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(cluster.observe(app).serviceSelectors()).hasSize(writers)
                .allSatisfy((service, revision) -> assertThat(revision).isEqualTo("v2"));
        assertThat(cluster.writes(Operation.POINT_SERVICE)).isEqualTo(writers * 50);
    }
}
