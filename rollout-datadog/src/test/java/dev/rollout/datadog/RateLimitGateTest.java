package dev.rollout.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RateLimitGateTest {
    private final RateLimitGate gate = new RateLimitGate(4);

    @Test
    void anUnknownBudgetLetsRequestsGo() {
        assertThat(gate.reserve(0)).isZero();
        assertThat(gate.reserve(0)).isZero();
    }

    @Test
    void plentyLeftGoesAtOnceAndCountsDown() {
        gate.update(OptionalLong.of(100), OptionalLong.of(60), 0);

        assertThat(gate.reserve(0)).isZero();
        assertThat(gate.remaining()).isEqualTo(99);
    }

    @Test
    void nearTheReserveRequestsAreSpreadUntilTheReset() {
        gate.update(OptionalLong.of(4), OptionalLong.of(60), 0);

        // 60 s over the last 4 requests: one every 15 s.
        assertThat(gate.reserve(0)).isZero();
        assertThat(gate.reserve(0)).isEqualTo(15_000);
        assertThat(gate.reserve(0)).isEqualTo(30_000);
        assertThat(gate.remaining()).isEqualTo(1);
    }

    @Test
    void anExhaustedBudgetWaitsForTheReset() {
        gate.update(OptionalLong.of(0), OptionalLong.of(42), 1_000);

        assertThat(gate.reserve(2_000)).isEqualTo(41_000);
        assertThat(gate.reserve(43_000)).isZero();
    }

    @Test
    void a429ExhaustsTheBudget() {
        gate.exhausted(7, 0);

        assertThat(gate.reserve(0)).isEqualTo(7_000);
    }
}
