package dev.rollout.api.model;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.rollout.api.analysis.AnalysisRunStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a rollout's state, with Argo's field names where they exist. Immutable.
 *
 * @param rolloutId the rollout's id ({@code namespace/name})
 * @param phase the phase
 * @param message a human-readable explanation of the phase
 * @param currentStepIndex the step being run (equals {@code stepCount} once all are done)
 * @param stepCount number of steps: the canary steps, or the six stages of a blue/green
 * @param aborted whether the rollout was aborted
 * @param pauseConditions why it is paused, empty when not
 * @param stableRevision the revision that serves when the rollout is aborted
 * @param newRevision the revision being rolled out
 * @param canaryWeight the percentage of traffic (or replicas) on the new revision
 * @param stableReplicas replicas of the stable revision (the new one once it is promoted)
 * @param canaryReplicas replicas of the new revision while it is the canary; 0 once promoted
 * @param activeRevision blue/green: the revision the active service selects
 * @param previewRevision blue/green: the revision the preview service selects
 * @param history completed steps, in order
 * @param analysisRuns analysis runs of this rollout, oldest first
 * @param startedAt when the rollout started
 * @param updatedAt when the status last changed
 * @see #builder(String)
 */
public record RolloutStatus(
        String rolloutId,
        RolloutPhase phase,
        String message,
        int currentStepIndex,
        int stepCount,
        boolean aborted,
        List<PauseCondition> pauseConditions,
        String stableRevision,
        String newRevision,
        int canaryWeight,
        int stableReplicas,
        int canaryReplicas,
        Optional<String> activeRevision,
        Optional<String> previewRevision,
        List<StepRecord> history,
        List<AnalysisRunStatus> analysisRuns,
        Instant startedAt,
        Instant updatedAt) {

    /**
     * The canonical constructor: its parameter list grows with the record (a new Argo field is a
     * new parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(String)}.
     */
    public RolloutStatus {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(phase, "phase");
        message = message == null ? "" : message;
        pauseConditions = List.copyOf(pauseConditions);
        Objects.requireNonNull(stableRevision, "stableRevision");
        Objects.requireNonNull(newRevision, "newRevision");
        Objects.requireNonNull(activeRevision, "activeRevision");
        Objects.requireNonNull(previewRevision, "previewRevision");
        history = List.copyOf(history);
        analysisRuns = List.copyOf(analysisRuns);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Whether the rollout is paused for any reason. */
    public boolean paused() {
        return !pauseConditions.isEmpty();
    }

    /**
     * A builder for the status of rollout {@code rolloutId}: phase Progressing, every count 0,
     * every list and optional empty; {@code stableRevision}, {@code newRevision},
     * {@code startedAt} and {@code updatedAt} must be set.
     */
    public static Builder builder(String rolloutId) {
        return new Builder(rolloutId);
    }

    /** A builder holding every field of this status, to change some of them. */
    public Builder toBuilder() {
        return new Builder(rolloutId).phase(phase).message(message).currentStepIndex(currentStepIndex)
                .stepCount(stepCount).aborted(aborted).pauseConditions(pauseConditions)
                .stableRevision(stableRevision).newRevision(newRevision).canaryWeight(canaryWeight)
                .stableReplicas(stableReplicas).canaryReplicas(canaryReplicas)
                .activeRevision(activeRevision.orElse(null)).previewRevision(previewRevision.orElse(null))
                .history(history).analysisRuns(analysisRuns).startedAt(startedAt).updatedAt(updatedAt);
    }

    /**
     * Builds a {@link RolloutStatus}; each setter names the record component it sets. Not
     * thread-safe; {@link #build()} copies every list.
     */
    public static final class Builder {
        private final String rolloutId;
        private RolloutPhase phase = RolloutPhase.Progressing;
        private String message = "";
        private int currentStepIndex;
        private int stepCount;
        private boolean aborted;
        private List<PauseCondition> pauseConditions = List.of();
        private String stableRevision;
        private String newRevision;
        private int canaryWeight;
        private int stableReplicas;
        private int canaryReplicas;
        private String activeRevision;
        private String previewRevision;
        private List<StepRecord> history = List.of();
        private List<AnalysisRunStatus> analysisRuns = List.of();
        private Instant startedAt;
        private Instant updatedAt;

        private Builder(String rolloutId) {
            this.rolloutId = Objects.requireNonNull(rolloutId, "rolloutId");
        }

        /** Sets {@link RolloutStatus#phase()}. */
        public Builder phase(RolloutPhase value) {
            this.phase = Objects.requireNonNull(value, "phase");
            return this;
        }

        /** Sets {@link RolloutStatus#message()}; null is empty. */
        public Builder message(String value) {
            this.message = value;
            return this;
        }

        /** Sets {@link RolloutStatus#currentStepIndex()}. */
        public Builder currentStepIndex(int value) {
            this.currentStepIndex = value;
            return this;
        }

        /** Sets {@link RolloutStatus#stepCount()}. */
        public Builder stepCount(int value) {
            this.stepCount = value;
            return this;
        }

        /** Sets {@link RolloutStatus#aborted()}. */
        public Builder aborted(boolean value) {
            this.aborted = value;
            return this;
        }

        /** Sets {@link RolloutStatus#pauseConditions()}. */
        public Builder pauseConditions(List<PauseCondition> value) {
            this.pauseConditions = Objects.requireNonNull(value, "pauseConditions");
            return this;
        }

        /** Sets {@link RolloutStatus#stableRevision()}. */
        public Builder stableRevision(String value) {
            this.stableRevision = value;
            return this;
        }

        /** Sets {@link RolloutStatus#newRevision()}. */
        public Builder newRevision(String value) {
            this.newRevision = value;
            return this;
        }

        /** Sets {@link RolloutStatus#canaryWeight()}. */
        public Builder canaryWeight(int value) {
            this.canaryWeight = value;
            return this;
        }

        /** Sets {@link RolloutStatus#stableReplicas()}. */
        public Builder stableReplicas(int value) {
            this.stableReplicas = value;
            return this;
        }

        /** Sets {@link RolloutStatus#canaryReplicas()}. */
        public Builder canaryReplicas(int value) {
            this.canaryReplicas = value;
            return this;
        }

        /** Sets {@link RolloutStatus#activeRevision()}; null is empty. */
        public Builder activeRevision(String value) {
            this.activeRevision = value;
            return this;
        }

        /** Sets {@link RolloutStatus#previewRevision()}; null is empty. */
        public Builder previewRevision(String value) {
            this.previewRevision = value;
            return this;
        }

        /** Sets {@link RolloutStatus#history()}. */
        public Builder history(List<StepRecord> value) {
            this.history = Objects.requireNonNull(value, "history");
            return this;
        }

        /** Sets {@link RolloutStatus#analysisRuns()}. */
        public Builder analysisRuns(List<AnalysisRunStatus> value) {
            this.analysisRuns = Objects.requireNonNull(value, "analysisRuns");
            return this;
        }

        /** Sets {@link RolloutStatus#startedAt()}. */
        public Builder startedAt(Instant value) {
            this.startedAt = value;
            return this;
        }

        /** Sets {@link RolloutStatus#updatedAt()}. */
        public Builder updatedAt(Instant value) {
            this.updatedAt = value;
            return this;
        }

        /**
         * The status.
         *
         * @throws NullPointerException if a required field (revisions, times) was not set
         */
        public RolloutStatus build() {
            return new RolloutStatus(rolloutId, phase, message, currentStepIndex, stepCount, aborted,
                    pauseConditions, stableRevision, newRevision, canaryWeight, stableReplicas,
                    canaryReplicas, Optional.ofNullable(activeRevision),
                    Optional.ofNullable(previewRevision), history, analysisRuns, startedAt, updatedAt);
        }
    }

    /**
     * The status as plain JSON values, so {@code new ObjectMapper().writeValueAsString(status)}
     * works without Jackson modules: instants as ISO-8601 strings, absent values as null.
     */
    @JsonValue
    private Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rolloutId", rolloutId);
        json.put("phase", phase.name());
        json.put("message", message);
        json.put("currentStepIndex", currentStepIndex);
        json.put("stepCount", stepCount);
        json.put("aborted", aborted);
        json.put("paused", paused());
        json.put("pauseConditions", pauseConditions);
        json.put("stableRevision", stableRevision);
        json.put("newRevision", newRevision);
        json.put("canaryWeight", canaryWeight);
        json.put("stableReplicas", stableReplicas);
        json.put("canaryReplicas", canaryReplicas);
        json.put("activeRevision", activeRevision.orElse(null));
        json.put("previewRevision", previewRevision.orElse(null));
        json.put("history", history);
        json.put("analysisRuns", analysisRuns);
        json.put("startedAt", startedAt.toString());
        json.put("updatedAt", updatedAt.toString());
        return json;
    }
}
