package dev.rollout.core.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.model.IntOrPercent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CanaryReplicaMathTest {

    @ParameterizedTest(name = "R={0} w={1} s={2} -> {3} canary / {4} stable")
    @CsvSource({
        // The examples of DESIGN.md section 3.
        "10, 41, 3, 4, 6",
        "3, 50, 0, 2, 1",
        "1, 50, 1, 1, 1",
        "1, 49, 0, 0, 1",
        "2, 1, 1, 1, 2",
        // Our own: the ends, ties, and surge picking a closer share.
        "10, 0, 3, 0, 10",
        "10, 100, 3, 10, 0",
        "10, 20, 3, 2, 8",
        "4, 50, 1, 2, 2",
        "5, 50, 2, 3, 3",
        "3, 33, 1, 1, 2",
        "3, 10, 1, 1, 3",
        "1, 100, 0, 1, 0",
        "1, 0, 0, 0, 1",
        "1, 51, 0, 1, 0",
        "2, 50, 1, 1, 1",
        "4, 10, 1, 1, 4",
        "100, 1, 25, 1, 99"
    })
    void basicCanarySplitsReplicasLikeArgo(int replicas, int weight, int surge, int canary, int stable) {
        assertThat(CanaryReplicaMath.basic(replicas, weight, surge))
                .isEqualTo(new CanaryReplicaMath.Split(canary, stable));
    }

    @ParameterizedTest(name = "R={0} w={1} -> {2}")
    @CsvSource({"10, 41, 5", "10, 40, 4", "3, 1, 1", "3, 0, 0", "3, 100, 3", "7, 50, 4"})
    void routedCanaryRoundsUp(int replicas, int weight, int canary) {
        assertThat(CanaryReplicaMath.routedCanaryReplicas(replicas, weight)).isEqualTo(canary);
    }

    @Test
    void dynamicStableKeepsTheRestRoundedUp() {
        assertThat(CanaryReplicaMath.dynamicStableReplicas(10, 41)).isEqualTo(6);
        assertThat(CanaryReplicaMath.dynamicStableReplicas(10, 100)).isZero();
    }

    @Test
    void defaultsRoundSurgeUpAndUnavailableDown() {
        assertThat(CanaryReplicaMath.limits(10, IntOrPercent.percent(25), IntOrPercent.percent(25)))
                .isEqualTo(new CanaryReplicaMath.Limits(3, 2));
        assertThat(CanaryReplicaMath.limits(1, IntOrPercent.percent(25), IntOrPercent.percent(25)))
                .isEqualTo(new CanaryReplicaMath.Limits(1, 0));
    }

    @Test
    void bothResolvingToZeroLeavesOneUnavailable() {
        assertThat(CanaryReplicaMath.limits(0, IntOrPercent.percent(25), IntOrPercent.percent(25)))
                .isEqualTo(new CanaryReplicaMath.Limits(0, 1));
        assertThat(CanaryReplicaMath.limits(3, IntOrPercent.of(0), IntOrPercent.percent(10)))
                .isEqualTo(new CanaryReplicaMath.Limits(0, 1));
    }

    @Test
    void bothSetToZeroIsASpecError() {
        assertThatThrownBy(() -> CanaryReplicaMath.limits(5, IntOrPercent.of(0), IntOrPercent.percent(0)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec.strategy.canary.maxUnavailable")
                .hasMessageContaining("must not both be 0");
    }
}
