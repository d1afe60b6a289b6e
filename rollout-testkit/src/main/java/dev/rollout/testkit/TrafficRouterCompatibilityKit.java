package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.spi.TrafficRouter;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TrafficRouter} keeps, as tests a router's module inherits. JUnit creates
 * a new test instance per test, so a subclass sets up, in its constructor, field initializers or a
 * {@code @BeforeEach}, a fresh data plane (mesh, gateway, ingress or a fake of it) where
 * {@link #workload()} runs {@link #stableRevision()} with all traffic, and
 * {@link #canaryRevision()} runs beside it with none.
 *
 * <p>Checks: every weight 0..100 is applied and read back; the weights the data plane routes sum
 * to 100; repeating a call changes nothing (and writes nothing, where the subclass counts writes);
 * {@code reset} sends all traffic to stable and is idempotent; a weight outside 0..100 is rejected
 * by name and changes nothing.
 */
public abstract class TrafficRouterCompatibilityKit {

    /** The router under test. */
    protected abstract TrafficRouter router();

    /** The workload routed. */
    protected abstract WorkloadRef workload();

    /** The stable revision's id. */
    protected abstract String stableRevision();

    /** The canary revision's id, running beside the stable one. */
    protected abstract String canaryRevision();

    /**
     * The weight the data plane sends to each revision, read from the data plane itself (not from
     * the router), keyed by revision id; empty (the default) when the subclass cannot tell.
     */
    protected Optional<Map<String, Integer>> routedWeights() {
        return Optional.empty();
    }

    /**
     * How many changes the router has written to the data plane so far, to check that a repeated
     * call writes nothing; empty (the default) when the subclass cannot count them.
     */
    protected OptionalLong writes() {
        return OptionalLong.empty();
    }

    private void route(int weight) {
        router().setWeight(workload(), stableRevision(), canaryRevision(), weight);
    }

    @Test
    void everyWeightFrom0To100IsAppliedAndReadBack() {
        for (int weight : new int[] {0, 1, 5, 25, 50, 99, 100, 30}) {
            route(weight);

            assertThat(router().currentWeight(workload())).as("weight after setWeight(%d)", weight)
                    .isEqualTo(weight);
            routedWeights().ifPresent(routed -> {
                assertThat(routed.getOrDefault(canaryRevision(), 0)).as("canary share").isEqualTo(weight);
                assertThat(routed.getOrDefault(stableRevision(), 0)).as("stable share")
                        .isEqualTo(100 - weight);
                assertThat(sum(routed)).as("routed weights %s", routed).isEqualTo(100);
            });
        }
    }

    @Test
    void repeatingSetWeightChangesNothing() {
        route(40);
        OptionalLong before = writes();
        Optional<Map<String, Integer>> routed = routedWeights();

        route(40);
        route(40);

        assertThat(router().currentWeight(workload())).isEqualTo(40);
        assertThat(routedWeights()).isEqualTo(routed);
        if (before.isPresent()) {
            assertThat(writes().orElseThrow()).as("writes after repeating setWeight(40)")
                    .isEqualTo(before.getAsLong());
        }
    }

    @Test
    void resetSendsAllTrafficToStableAndIsIdempotent() {
        route(60);

        router().reset(workload(), stableRevision());
        OptionalLong before = writes();
        router().reset(workload(), stableRevision());

        assertThat(router().currentWeight(workload())).isZero();
        routedWeights().ifPresent(routed -> {
            assertThat(routed.getOrDefault(stableRevision(), 0)).isEqualTo(100);
            assertThat(sum(routed)).isEqualTo(100);
        });
        if (before.isPresent()) {
            assertThat(writes().orElseThrow()).as("writes after repeating reset")
                    .isEqualTo(before.getAsLong());
        }
    }

    @Test
    void aRolloutCanRouteAgainAfterAReset() {
        route(20);
        router().reset(workload(), stableRevision());

        route(20);

        assertThat(router().currentWeight(workload())).isEqualTo(20);
    }

    @Test
    void aWeightOutside0To100IsRejectedByNameAndChangesNothing() {
        route(10);

        for (int bad : new int[] {-1, 101, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> route(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("canaryWeight");
        }
        assertThat(router().currentWeight(workload())).isEqualTo(10);
    }

    private static int sum(Map<String, Integer> weights) {
        return weights.values().stream().mapToInt(Integer::intValue).sum();
    }
}
