package dev.rollout.core.engine.internal;

import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine persists about one rollout. Mutable, and only touched while holding its
 * machine's lock; replica counts and the weight are what the engine last applied, which is how a
 * resumed engine knows not to apply a completed step again.
 */
public final class RolloutState {
    public String id;
    public String targetName;
    public RolloutSpec spec;
    public Revision newRevision;
    public String stableRevision;
    public RolloutPhase phase = RolloutPhase.Progressing;
    public String message = "";
    public int stepIndex;
    public boolean stepStarted;
    public Instant stepStartedAt;
    public boolean stepPauseEntered;
    /** When the current experiment step's sides were all available (its duration counts from then). */
    public Instant experimentReadyAt;
    public boolean stepPromoted;
    public boolean aborted;
    public boolean completed;
    public boolean promoteFull;
    public final List<PauseCondition> pauses = new ArrayList<>();
    public Instant pauseUntil;
    public int canaryWeight;
    public int canaryReplicas;
    public int stableReplicas;
    public String activeRevision;
    public String previewRevision;
    public final List<StepRecord> history = new ArrayList<>();
    public final Map<String, AnalysisRunStatus> runs = new LinkedHashMap<>();
    public String stepRun;
    public String backgroundRun;
    public boolean backgroundDone;
    public String blueGreenStage;
    public Instant startedAt;
    public Instant updatedAt;
    public Instant lastProgressAt;
    public boolean deadlineExceeded;
    public Instant abortScaleDownAt;
    /**
     * An abort recorded while the target could not be reached: its writes (traffic to stable, the
     * new side scaled down) are still to be made, when the target answers again.
     */
    public boolean abortPending;
    public String removeRevision;
    public Instant removeAt;
    /**
     * Earlier abandoned revisions winding down with {@link #removeRevision}, oldest last: each goes
     * within the bounds too, so none is ever removed while its available pods are still needed.
     */
    public final List<String> removeAlso = new ArrayList<>();
    public int runCounter;
    public int attempt;
    /** On a first deploy, how many of the spec's analyses have passed against the new revision. */
    public int firstDeployChecks;
    /** The spec as JSON, encoded once: the spec never changes within a rollout. Not persisted twice. */
    public String specJson;

    /** Whether the engine still has work for this rollout (steps, or a delayed scale-down). */
    public boolean unfinished() {
        return !(completed || aborted) || abortPending || abortScaleDownAt != null || removeAt != null;
    }

    /** Whether a pause of the given reason is in effect. */
    public boolean pausedFor(PauseCondition.Reason reason) {
        for (PauseCondition p : pauses) {
            if (p.reason() == reason) {
                return true;
            }
        }
        return false;
    }
}
