package dev.rollout.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.http.testing.Measurements;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a measurement's question sits in time, and how long its answer is reused. */
class SharedMeasurementsSlotTest {
    private static MeasurementRequest at(String instant, Optional<Duration> interval) {
        return Measurements.request(Map.of(), Instant.parse(instant), interval, List.of());
    }

    @Test
    void theTimeIsRoundedDownToTheAlignmentAndReusedUntilTheNextSlot() {
        SharedMeasurements.Slot slot = SharedMeasurements.Slot.of(at("2026-01-01T00:00:17.500Z", Optional.empty()),
                Duration.ofSeconds(10));

        assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
        assertThat(slot.reuseUntilMillis()).isEqualTo(Instant.parse("2026-01-01T00:00:20Z").toEpochMilli());
    }

    @Test
    void aShorterIntervalAlignsFinerSoEachMeasurementSeesANewWindow() {
        SharedMeasurements.Slot slot = SharedMeasurements.Slot.of(
                at("2026-01-01T00:00:17.500Z", Optional.of(Duration.ofSeconds(5))), Duration.ofSeconds(10));

        assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-01T00:00:15Z"));
        assertThat(slot.alignmentMillis()).isEqualTo(5_000);
    }

    @Test
    void noAlignmentAsksAtTheExactTime() {
        SharedMeasurements.Slot slot = SharedMeasurements.Slot.of(at("2026-01-01T00:00:17.500Z", Optional.empty()),
                Duration.ZERO);

        assertThat(slot.at()).isEqualTo(Instant.parse("2026-01-01T00:00:17.500Z"));
    }
}
