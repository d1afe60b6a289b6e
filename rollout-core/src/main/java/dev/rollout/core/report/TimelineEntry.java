package dev.rollout.core.report;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.conductor.DeployEvent;
import java.time.Instant;
import java.util.Objects;

/** One recorded event of a timeline: a cluster's rollout event or a deploy event. Immutable. */
public sealed interface TimelineEntry {

    /** When it happened, on the engine's or conductor's clock. */
    Instant at();

    /**
     * A rollout event, with the environment and cluster it came from when a conductor said so.
     *
     * @param environment the environment, or null outside a conductor
     * @param cluster the cluster, or null outside a conductor (the rollout's id names the lane)
     * @param event the event
     */
    record Rollout(String environment, String cluster, RolloutEvent event) implements TimelineEntry {
        public Rollout {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public Instant at() {
            return event.at();
        }
    }

    /**
     * A deploy event of the conductor: waves, gates, hooks, approvals.
     *
     * @param event the event
     */
    record Deploy(DeployEvent event) implements TimelineEntry {
        public Deploy {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public Instant at() {
            return event.at();
        }
    }
}
