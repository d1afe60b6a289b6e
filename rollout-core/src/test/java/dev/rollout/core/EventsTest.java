package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.event.RolloutEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rollout's events, analysis ones included, leave in one queue and in non-decreasing time. */
class EventsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Measurement MEASUREMENT = new Measurement(AnalysisPhase.Successful,
            Optional.of("0.99"), "", T0, Optional.of(T0), Map.of());

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

    /**
     * The race BoundsAndEventOrderTest caught once in thousands: the engine stamps an event under
     * the rollout's lock, an analysis thread queues a later one, then the section commits.
     */
    @Test
    void anEngineEventCommittedAfterALaterAnalysisEventTakesItsInstant() {
        List<RolloutEvent> seen = new ArrayList<>();
        Events events = new Events(seen::add);
        events.add(new RolloutEvent.WeightChanged("ns/app", "v2", T0.plusSeconds(5), 40, 2, 8, "weight 40"));
        events.offer(new RolloutEvent.AnalysisMeasured("ns/app", "v2", T0.plusSeconds(6), "run-1", "m",
                MEASUREMENT, "measured"));
        events.commit();
        events.deliverCommitted();

        assertThat(seen).extracting(RolloutEvent::at).containsExactly(T0.plusSeconds(6), T0.plusSeconds(6));
        assertThat(seen.get(1)).isInstanceOfSatisfying(RolloutEvent.WeightChanged.class,
                e -> assertThat(e.canaryWeight()).isEqualTo(40));
    }

    /** Every event type, present and future, can be restamped with all its other fields kept. */
    @Test
    void everyEventTypeRestampsKeepingEveryOtherComponent() throws Exception {
        Class<?>[] types = RolloutEvent.class.getPermittedSubclasses();
        assertThat(types).hasSizeGreaterThan(10);
        for (Class<?> type : types) {
            java.lang.reflect.RecordComponent[] components = type.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] parameterTypes = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameterTypes[i] = components[i].getType();
                values[i] = sample(components[i].getType(), i);
            }
            RolloutEvent event = (RolloutEvent) type.getDeclaredConstructor(parameterTypes).newInstance(values);
            RolloutEvent restamped = Events.restamp(event, T0.plusSeconds(99));
            assertThat(restamped).as(type.getSimpleName()).isInstanceOf(type);
            assertThat(restamped.at()).isEqualTo(T0.plusSeconds(99));
            for (java.lang.reflect.RecordComponent c : components) {
                if (!c.getName().equals("at")) {
                    assertThat(c.getAccessor().invoke(restamped)).as(type.getSimpleName() + "." + c.getName())
                            .isEqualTo(c.getAccessor().invoke(event));
                }
            }
        }
    }

    private static Object sample(Class<?> type, int i) {
        if (type == String.class) {
            return "s" + i;
        }
        if (type == Instant.class) {
            return T0.plusSeconds(i);
        }
        if (type == int.class) {
            return i;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == Measurement.class) {
            return MEASUREMENT;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        return null;
    }
}
