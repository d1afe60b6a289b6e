package dev.rollout.api.event;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.RolloutPhase;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a rollout. Immutable. Every event carries a message that explains
 * it in words (which metric, which value, which limit), never a secret.
 */
public sealed interface RolloutEvent {
    /** The rollout's id ({@code namespace/name}). */
    String rolloutId();

    /** The revision being rolled out. */
    String revision();

    /** When it happened, on the engine's clock. */
    Instant at();

    /** What happened, in words. */
    String message();

    /** A rollout of a new revision started. */
    record Started(String rolloutId, String revision, Instant at, String message)
            implements RolloutEvent {
        public Started {
            check(rolloutId, revision, at);
        }
    }

    /** A step began. */
    record StepStarted(String rolloutId, String revision, Instant at, int stepIndex, String stepType,
            String message) implements RolloutEvent {
        public StepStarted {
            check(rolloutId, revision, at);
        }
    }

    /** A step completed. */
    record StepCompleted(String rolloutId, String revision, Instant at, int stepIndex,
            String stepType, String message) implements RolloutEvent {
        public StepCompleted {
            check(rolloutId, revision, at);
        }
    }

    /** Replicas or traffic moved. */
    record WeightChanged(String rolloutId, String revision, Instant at, int canaryWeight,
            int canaryReplicas, int stableReplicas, String message) implements RolloutEvent {
        public WeightChanged {
            check(rolloutId, revision, at);
        }
    }

    /** Blue/green: a service now selects another revision. */
    record ServiceSwitched(String rolloutId, String revision, Instant at, String service,
            String selectedRevision, String message) implements RolloutEvent {
        public ServiceSwitched {
            check(rolloutId, revision, at);
        }
    }

    /** The rollout paused. */
    record Paused(String rolloutId, String revision, Instant at, PauseCondition.Reason reason,
            String message) implements RolloutEvent {
        public Paused {
            check(rolloutId, revision, at);
        }
    }

    /** The rollout resumed after a pause. */
    record Resumed(String rolloutId, String revision, Instant at, String message)
            implements RolloutEvent {
        public Resumed {
            check(rolloutId, revision, at);
        }
    }

    /** The rollout's phase changed. */
    record PhaseChanged(String rolloutId, String revision, Instant at, RolloutPhase from,
            RolloutPhase to, String message) implements RolloutEvent {
        public PhaseChanged {
            check(rolloutId, revision, at);
        }
    }

    /** The rollout was aborted: traffic and replicas return to the stable revision. */
    record Aborted(String rolloutId, String revision, Instant at, String message)
            implements RolloutEvent {
        public Aborted {
            check(rolloutId, revision, at);
        }
    }

    /** The new revision is fully promoted and now stable. */
    record Promoted(String rolloutId, String revision, Instant at, String message)
            implements RolloutEvent {
        public Promoted {
            check(rolloutId, revision, at);
        }
    }

    /** An analysis measurement completed. */
    record AnalysisMeasured(String rolloutId, String revision, Instant at, String runName,
            String metricName, Measurement measurement, String message) implements RolloutEvent {
        public AnalysisMeasured {
            check(rolloutId, revision, at);
            Objects.requireNonNull(measurement, "measurement");
        }
    }

    /** An analysis metric or run changed phase; {@code metricName} is empty for the run itself. */
    record AnalysisPhaseChanged(String rolloutId, String revision, Instant at, String runName,
            String metricName, AnalysisPhase phase, String message) implements RolloutEvent {
        public AnalysisPhaseChanged {
            check(rolloutId, revision, at);
            Objects.requireNonNull(phase, "phase");
        }
    }

    /**
     * Something a person should know about: a problem the engine handled (a target call failed
     * and will be retried, a missed progress deadline) or a rollout that goes around the canary
     * steps (a first deploy, asked for with {@code StartOptions.firstDeploy()}).
     */
    record Warning(String rolloutId, String revision, Instant at, String message)
            implements RolloutEvent {
        public Warning {
            check(rolloutId, revision, at);
        }
    }

    private static void check(String rolloutId, String revision, Instant at) {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(at, "at");
    }
}
