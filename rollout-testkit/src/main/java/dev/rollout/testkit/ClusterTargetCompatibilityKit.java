package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.TrafficRouter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ClusterTarget} must show; a target proves itself by a test class
 * extending this one. JUnit creates a new test instance per test, so a subclass sets up a fresh
 * target in its constructor, field initializers or a {@code @BeforeEach}.
 *
 * <p>The subclass provides a workload that exists with {@link #stableRevision()} running
 * {@link #stableReplicas()} pods, all available, and whose new pods do not become ready until
 * {@link #letPodsBecomeReady()} is called (advance a mock clock, run a simulated controller).
 *
 * <p>Checks: observe reports the stable revision fully available, and an unknown workload as
 * absent; scale creates, grows and shrinks a revision and repeating it changes nothing; new pods
 * are ready only when they are, and pods that never become ready are reported as a failure;
 * remove deletes a revision and is idempotent, an unknown revision being no error; pointService and
 * markStable are idempotent; a router, where the target has one, routes weights summing to 100 and
 * resets to stable.
 */
public abstract class ClusterTargetCompatibilityKit {

    /** The target under test. */
    protected abstract ClusterTarget target();

    /** A workload on the target, running the stable revision fully available. */
    protected abstract WorkloadRef workload();

    /** The workload's stable revision. */
    protected abstract Revision stableRevision();

    /** How many pods the stable revision runs; at least 2. */
    protected abstract int stableReplicas();

    /** Lets time pass until every pod that can become ready is ready. */
    protected abstract void letPodsBecomeReady();

    /**
     * Arranges that pods of {@code revisionId}, scaled up after this call, never become ready
     * (a crash loop); the target then reports a failure for the revision.
     */
    protected abstract void makeNeverReady(String revisionId, String reason);

    /** A revision the target can run besides the stable one. */
    protected Revision newRevision() {
        return new Revision("kit-canary-2", Map.of("image", "registry.example/kit/app:2"));
    }

    /** The routing the traffic tests ask a router for; a target without one skips them. */
    protected TrafficRouting trafficRouting() {
        return TrafficRouting.of("embedded");
    }

    /**
     * The weight the router sends to each revision, where the target can tell; the traffic tests
     * then check it sums to 100. Empty by default.
     */
    protected Optional<Map<String, Integer>> routedWeights(WorkloadRef workload) {
        return Optional.empty();
    }

    @Test
    void observeReportsTheStableRevisionFullyAvailable() {
        WorkloadState state = target().observe(workload());

        assertThat(state.stableRevision()).contains(stableRevision().id());
        RevisionState stable = state.revision(stableRevision().id()).orElseThrow();
        assertThat(stable.desired()).isEqualTo(stableReplicas());
        assertThat(stable.available()).isEqualTo(stableReplicas());
        assertThat(stable.fullyAvailable()).isTrue();
        assertThat(state.canaryWeight()).isZero();
    }

    @Test
    void anUnknownWorkloadIsAbsent() {
        WorkloadRef unknown = new WorkloadRef(workload().namespace(), "kit-no-such-workload");

        WorkloadState state = target().observe(unknown);

        assertThat(state.exists()).isFalse();
        assertThat(state.stableRevision()).isEmpty();
        assertThat(target().observe(workload()).exists()).isTrue();
    }

    @Test
    void scaleCreatesANewRevisionAndRepeatingItChangesNothing() {
        Revision canary = newRevision();

        target().scale(workload(), canary, 2);
        WorkloadState once = target().observe(workload());
        target().scale(workload(), canary, 2);
        WorkloadState twice = target().observe(workload());

        RevisionState created = once.revision(canary.id()).orElseThrow();
        assertThat(created.desired()).isEqualTo(2);
        assertThat(twice).isEqualTo(once);
        assertThat(twice.stableRevision()).contains(stableRevision().id());
        assertThat(twice.revision(stableRevision().id()).orElseThrow().fullyAvailable()).isTrue();
    }

    @Test
    void scaleMovesARevisionUpAndDown() {
        Revision canary = newRevision();
        target().scale(workload(), canary, 1);
        letPodsBecomeReady();

        target().scale(workload(), canary, 3);
        letPodsBecomeReady();
        assertThat(target().observe(workload()).revision(canary.id()).orElseThrow())
                .satisfies(state -> assertThat(state.desired()).isEqualTo(3))
                .satisfies(state -> assertThat(state.fullyAvailable()).isTrue());

        target().scale(workload(), canary, 0);
        letPodsBecomeReady();
        WorkloadState state = target().observe(workload());
        assertThat(state.revision(canary.id()).map(RevisionState::desired).orElse(0)).isZero();
    }

    @Test
    void scalingTheStableRevisionKeepsItsAvailablePods() {
        target().scale(workload(), stableRevision(), stableReplicas() + 1);

        RevisionState stable = target().observe(workload()).revision(stableRevision().id())
                .orElseThrow();
        assertThat(stable.desired()).isEqualTo(stableReplicas() + 1);
        assertThat(stable.available()).isGreaterThanOrEqualTo(stableReplicas());

        letPodsBecomeReady();
        assertThat(target().observe(workload()).revision(stableRevision().id()).orElseThrow()
                .fullyAvailable()).isTrue();
    }

    @Test
    void aNewRevisionIsReadyOnlyAfterItsPodsAre() {
        Revision canary = newRevision();

        target().scale(workload(), canary, 2);
        RevisionState starting = target().observe(workload()).revision(canary.id()).orElseThrow();
        letPodsBecomeReady();
        RevisionState started = target().observe(workload()).revision(canary.id()).orElseThrow();

        assertThat(starting.fullyAvailable()).isFalse();
        assertThat(starting.available()).isLessThan(2);
        assertThat(starting.failure()).isEmpty();
        assertThat(started.fullyAvailable()).isTrue();
        assertThat(started.available()).isEqualTo(2);
    }

    @Test
    void aRevisionThatNeverBecomesReadyReportsAFailure() {
        Revision canary = newRevision();
        makeNeverReady(canary.id(), "exit code 1");

        target().scale(workload(), canary, 1);
        letPodsBecomeReady();

        RevisionState state = target().observe(workload()).revision(canary.id()).orElseThrow();
        assertThat(state.fullyAvailable()).isFalse();
        assertThat(state.failure()).isPresent();
        assertThat(state.failure().orElseThrow()).isNotBlank();
    }

    @Test
    void removeDeletesARevisionAndIsIdempotent() {
        Revision canary = newRevision();
        target().scale(workload(), canary, 1);

        target().remove(workload(), canary.id());
        target().remove(workload(), canary.id());
        target().remove(workload(), "kit-never-existed");
        letPodsBecomeReady();

        WorkloadState state = target().observe(workload());
        assertThat(state.revision(canary.id()).map(RevisionState::desired).orElse(0)).isZero();
        assertThat(state.stableRevision()).contains(stableRevision().id());
        assertThat(state.revision(stableRevision().id()).orElseThrow().fullyAvailable()).isTrue();
    }

    @Test
    void pointServiceSelectsARevisionIdempotently() {
        Revision canary = newRevision();
        target().scale(workload(), canary, 1);

        target().pointService(workload(), "kit-preview", canary.id());
        target().pointService(workload(), "kit-preview", canary.id());
        target().pointService(workload(), "kit-active", stableRevision().id());

        assertThat(target().observe(workload()).serviceSelectors())
                .containsEntry("kit-preview", canary.id())
                .containsEntry("kit-active", stableRevision().id());

        target().pointService(workload(), "kit-active", canary.id());
        assertThat(target().observe(workload()).serviceSelectors())
                .containsEntry("kit-active", canary.id());
    }

    @Test
    void markStableMakesTheRevisionStable() {
        Revision canary = newRevision();
        target().scale(workload(), canary, stableReplicas());
        letPodsBecomeReady();

        target().markStable(workload(), canary);
        target().markStable(workload(), canary);
        letPodsBecomeReady();

        WorkloadState state = target().observe(workload());
        assertThat(state.stableRevision()).contains(canary.id());
        assertThat(state.revision(canary.id()).orElseThrow().available()).isPositive();
    }

    @Test
    void trafficRouterWeightsSumTo100AndResetReturnsTrafficToStable() {
        Optional<TrafficRouter> found = target().trafficRouter(workload(), trafficRouting());
        assumeTrue(found.isPresent(), () -> target().name() + " has no router for "
                + trafficRouting().kind());
        TrafficRouter router = found.get();
        Revision canary = newRevision();
        String stable = stableRevision().id();
        target().scale(workload(), canary, 1);
        letPodsBecomeReady();

        router.setWeight(workload(), stable, canary.id(), 30);
        router.setWeight(workload(), stable, canary.id(), 30);
        assertThat(router.currentWeight(workload())).isEqualTo(30);
        assertThat(target().observe(workload()).canaryWeight()).isEqualTo(30);
        routedWeights(workload()).ifPresent(weights -> assertThat(weights)
                .containsEntry(canary.id(), 30).containsEntry(stable, 70)
                .satisfies(w -> assertThat(sum(w)).isEqualTo(100)));

        router.setWeight(workload(), stable, canary.id(), 100);
        assertThat(router.currentWeight(workload())).isEqualTo(100);
        routedWeights(workload()).ifPresent(weights -> assertThat(sum(weights)).isEqualTo(100));

        router.reset(workload(), stable);
        router.reset(workload(), stable);
        assertThat(router.currentWeight(workload())).isZero();
        assertThat(target().observe(workload()).canaryWeight()).isZero();
        routedWeights(workload()).ifPresent(weights -> assertThat(weights)
                .containsEntry(stable, 100)
                .satisfies(w -> assertThat(sum(w)).isEqualTo(100)));
    }

    private static int sum(Map<String, Integer> weights) {
        return weights.values().stream().mapToInt(Integer::intValue).sum();
    }
}
