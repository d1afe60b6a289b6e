package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollout's events, analysis ones included, leave in one queue and in non-decreasing time. */
class EventsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void anAnalysisEventStampedBeforeOneAlreadyQueuedTakesItsInstant() {
        List<RolloutEvent> seen = new ArrayList<>();
        Events events = new Events(seen::add);
        events.add(new RolloutEvent.StepStarted("ns/app", "v2", T0.plusSeconds(10), 3, "analysis", "step 3"));
        events.commit();
        // Measured at T0+5 on an analysis thread, reported after the rollout moved on.
        events.offer(new RolloutEvent.AnalysisPhaseChanged("ns/app", "v2", T0.plusSeconds(5), "run-1", "",
                AnalysisPhase.Successful, "run succeeded"));
        events.offer(new RolloutEvent.AnalysisPhaseChanged("ns/app", "v2", T0.plusSeconds(12), "run-1", "",
                AnalysisPhase.Successful, "later"));
        events.deliverCommitted();

        assertThat(seen).extracting(RolloutEvent::at)
                .containsExactly(T0.plusSeconds(10), T0.plusSeconds(10), T0.plusSeconds(12));
        assertThat(seen.get(1)).isInstanceOfSatisfying(RolloutEvent.AnalysisPhaseChanged.class,
                e -> assertThat(e.message()).isEqualTo("run succeeded"));
    }
}
