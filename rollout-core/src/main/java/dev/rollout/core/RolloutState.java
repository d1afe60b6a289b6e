package dev.rollout.core;

import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine persists about one rollout. Strategies read it; only the engine's own
 * package writes it: the stage through {@link Transitions}, strategy progress through the
 * {@link Change}s a strategy hands its machine. Only touched while holding its machine's lock;
 * replica counts and the weight are what the engine last applied, which is how a resumed engine
 * knows not to apply a completed step again.
 */
final class RolloutState {
    private String id;
    private String targetName;
    private RolloutSpec spec;
    private Revision newRevision;
    private String stableRevision;
    private String message = "";
    private int stepIndex;
    private boolean stepStarted;
    private Instant stepStartedAt;
    private boolean stepPauseEntered;
    private Instant experimentReadyAt;
    private boolean stepPromoted;
    private boolean promoteFull;
    private Instant pauseUntil;
    private int canaryWeight;
    private int canaryReplicas;
    private int stableReplicas;
    private String activeRevision;
    private String previewRevision;
    private String stepRun;
    private String backgroundRun;
    private boolean backgroundDone;
    private String blueGreenStage;
    private Instant startedAt;
    private Instant updatedAt;
    private Instant lastProgressAt;
    private Instant abortScaleDownAt;
    private boolean abortPending;
    private String removeRevision;
    private Instant removeAt;
    private int runCounter;
    private int attempt;
    private int firstDeployChecks;
    private String specJson;
    private Stage stage = Stage.PROGRESSING;
    private final List<PauseCondition> pauses = new ArrayList<>();
    private final List<StepRecord> history = new ArrayList<>();
    private final Map<String, AnalysisRunStatus> runs = new LinkedHashMap<>();
    /**
     * Earlier abandoned revisions winding down with {@link #removeRevision()}, oldest last: each
     * goes within the bounds too, so none is ever removed while its available pods are still needed.
     */
    private final List<String> removeAlso = new ArrayList<>();

    /** Where the rollout is in its life. */
    public Stage stage() {
        return stage;
    }

    /** Sets the stage; only {@link Transitions#moveTo} and the codec call this. */
    void stage(Stage to) {
        stage = to;
    }

    /** The phase the status reports, from the stage. */
    public RolloutPhase phase() {
        return stage.phase();
    }

    /** Whether the rollout was aborted (and not retried or undone since). */
    public boolean aborted() {
        return stage == Stage.ABORTED;
    }

    /** Whether the new revision is stable. */
    public boolean completed() {
        return stage == Stage.COMPLETED;
    }

    /** Whether the progress deadline passed without progress. */
    public boolean deadlineExceeded() {
        return stage == Stage.STALLED;
    }

    /** The pauses in effect, oldest first; read-only. */
    public List<PauseCondition> pauses() {
        return Collections.unmodifiableList(pauses);
    }

    List<PauseCondition> editPauses() {
        return pauses;
    }

    /** The completed steps, in order; read-only. */
    public List<StepRecord> history() {
        return Collections.unmodifiableList(history);
    }

    List<StepRecord> editHistory() {
        return history;
    }

    /** The analysis runs by name, as last persisted; read-only. */
    public Map<String, AnalysisRunStatus> runs() {
        return Collections.unmodifiableMap(runs);
    }

    Map<String, AnalysisRunStatus> editRuns() {
        return runs;
    }

    /** Earlier revisions winding down with {@link #removeRevision()}; read-only. */
    public List<String> removeAlso() {
        return Collections.unmodifiableList(removeAlso);
    }

    List<String> editRemoveAlso() {
        return removeAlso;
    }

    /** Whether the engine still has work for this rollout (steps, or a delayed scale-down). */
    public boolean unfinished() {
        return !(completed() || aborted()) || abortPending || abortScaleDownAt != null || removeAt != null;
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

    /** The rollout's id. */
    public String id() {
        return id;
    }

    void id(String value) { id = value; }

    /** The rollout's target name. */
    public String targetName() {
        return targetName;
    }

    void targetName(String value) { targetName = value; }

    /** The rollout's spec. */
    public RolloutSpec spec() {
        return spec;
    }

    void spec(RolloutSpec value) { spec = value; }

    /** The rollout's new revision. */
    public Revision newRevision() {
        return newRevision;
    }

    void newRevision(Revision value) { newRevision = value; }

    /** The rollout's stable revision. */
    public String stableRevision() {
        return stableRevision;
    }

    void stableRevision(String value) { stableRevision = value; }

    /** The rollout's message. */
    public String message() {
        return message;
    }

    void message(String value) { message = value; }

    /** The rollout's step index. */
    public int stepIndex() {
        return stepIndex;
    }

    void stepIndex(int value) { stepIndex = value; }

    /** The rollout's step started. */
    public boolean stepStarted() {
        return stepStarted;
    }

    void stepStarted(boolean value) { stepStarted = value; }

    /** The rollout's step started at. */
    public Instant stepStartedAt() {
        return stepStartedAt;
    }

    void stepStartedAt(Instant value) { stepStartedAt = value; }

    /** The rollout's step pause entered. */
    public boolean stepPauseEntered() {
        return stepPauseEntered;
    }

    void stepPauseEntered(boolean value) { stepPauseEntered = value; }

    /** When the current experiment step's sides were all available (its duration counts from then). */
    public Instant experimentReadyAt() {
        return experimentReadyAt;
    }

    void experimentReadyAt(Instant value) { experimentReadyAt = value; }

    /** The rollout's step promoted. */
    public boolean stepPromoted() {
        return stepPromoted;
    }

    void stepPromoted(boolean value) { stepPromoted = value; }

    /** The rollout's promote full. */
    public boolean promoteFull() {
        return promoteFull;
    }

    void promoteFull(boolean value) { promoteFull = value; }

    /** The rollout's pause until. */
    public Instant pauseUntil() {
        return pauseUntil;
    }

    void pauseUntil(Instant value) { pauseUntil = value; }

    /** The weight last applied (or recorded, without a router). */
    public int canaryWeight() {
        return canaryWeight;
    }

    void canaryWeight(int value) { canaryWeight = value; }

    /** The new side's replicas last applied. */
    public int canaryReplicas() {
        return canaryReplicas;
    }

    void canaryReplicas(int value) { canaryReplicas = value; }

    /** The stable side's replicas last applied. */
    public int stableReplicas() {
        return stableReplicas;
    }

    void stableReplicas(int value) { stableReplicas = value; }

    /** The rollout's active revision. */
    public String activeRevision() {
        return activeRevision;
    }

    void activeRevision(String value) { activeRevision = value; }

    /** The rollout's preview revision. */
    public String previewRevision() {
        return previewRevision;
    }

    void previewRevision(String value) { previewRevision = value; }

    /** The rollout's step run. */
    public String stepRun() {
        return stepRun;
    }

    void stepRun(String value) { stepRun = value; }

    /** The rollout's background run. */
    public String backgroundRun() {
        return backgroundRun;
    }

    void backgroundRun(String value) { backgroundRun = value; }

    /** The rollout's background done. */
    public boolean backgroundDone() {
        return backgroundDone;
    }

    void backgroundDone(boolean value) { backgroundDone = value; }

    /** The rollout's blue green stage. */
    public String blueGreenStage() {
        return blueGreenStage;
    }

    void blueGreenStage(String value) { blueGreenStage = value; }

    /** The rollout's started at. */
    public Instant startedAt() {
        return startedAt;
    }

    void startedAt(Instant value) { startedAt = value; }

    /** The rollout's updated at. */
    public Instant updatedAt() {
        return updatedAt;
    }

    void updatedAt(Instant value) { updatedAt = value; }

    /** The rollout's last progress at. */
    public Instant lastProgressAt() {
        return lastProgressAt;
    }

    void lastProgressAt(Instant value) { lastProgressAt = value; }

    /** The rollout's abort scale down at. */
    public Instant abortScaleDownAt() {
        return abortScaleDownAt;
    }

    void abortScaleDownAt(Instant value) { abortScaleDownAt = value; }

    /** Whether an abort recorded while the target could not be reached still owes its writes (traffic to stable, the new side scaled down). */
    public boolean abortPending() {
        return abortPending;
    }

    void abortPending(boolean value) { abortPending = value; }

    /** The rollout's remove revision. */
    public String removeRevision() {
        return removeRevision;
    }

    void removeRevision(String value) { removeRevision = value; }

    /** The rollout's remove at. */
    public Instant removeAt() {
        return removeAt;
    }

    void removeAt(Instant value) { removeAt = value; }

    /** The rollout's run counter. */
    public int runCounter() {
        return runCounter;
    }

    void runCounter(int value) { runCounter = value; }

    /** The rollout's attempt. */
    public int attempt() {
        return attempt;
    }

    void attempt(int value) { attempt = value; }

    /** On a first deploy, how many of the spec's analyses have passed against the new revision. */
    public int firstDeployChecks() {
        return firstDeployChecks;
    }

    void firstDeployChecks(int value) { firstDeployChecks = value; }

    /** The spec as JSON, encoded once: the spec never changes within a rollout. */
    public String specJson() {
        return specJson;
    }

    void specJson(String value) { specJson = value; }
}
