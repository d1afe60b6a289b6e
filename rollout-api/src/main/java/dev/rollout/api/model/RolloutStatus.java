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
