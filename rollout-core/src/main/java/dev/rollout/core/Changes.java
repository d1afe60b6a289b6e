package dev.rollout.core;

import dev.rollout.api.model.StepRecord;

/**
 * Applies a strategy's {@link Change} to the state; the stage moves only through
 * {@link Transitions} and {@link Pauses}. (Java 17 has no pattern switch: an instanceof chain
 * over the sealed type, whose last branch fails on a kind added without a case here.)
 */
final class Changes {
    private Changes() {
    }

    static void apply(RolloutMachine m, Change change) {
        RolloutState s = m.state();
        if (change instanceof Change.StepStarted) {
            s.stepStarted(true);
            s.stepStartedAt(m.now());
        } else if (change instanceof Change.StepPauseEntered) {
            s.stepPauseEntered(true);
        } else if (change instanceof Change.StepPromoted c) {
            s.stepPromoted(c.promoted());
        } else if (change instanceof Change.StepRun c) {
            s.stepRun(c.run());
        } else if (change instanceof Change.StepCompleted c) {
            s.editHistory().add(new StepRecord(c.step(), c.type(), m.now(), s.canaryWeight(),
                    s.canaryReplicas(), s.stableReplicas()));
            s.stepIndex(c.step() + 1);
            s.stepStarted(false);
            s.stepPauseEntered(false);
            s.stepPromoted(false);
            s.stepRun(null);
            m.progressed();
        } else if (change instanceof Change.BackgroundRun c) {
            s.backgroundRun(c.run());
        } else if (change instanceof Change.BackgroundDone) {
            s.backgroundDone(true);
        } else if (change instanceof Change.ExperimentReady c) {
            s.experimentReadyAt(c.at());
        } else if (change instanceof Change.StageStarted c) {
            s.blueGreenStage(c.stage());
            s.stepIndex(c.index());
            s.stepStartedAt(m.now());
        } else if (change instanceof Change.ActiveRevision c) {
            s.activeRevision(c.revision());
        } else if (change instanceof Change.PreviewRevision c) {
            s.previewRevision(c.revision());
        } else if (change instanceof Change.Weight c) {
            s.canaryWeight(c.weight());
        } else if (change instanceof Change.AbortScaleDownAt c) {
            s.abortScaleDownAt(c.at());
        } else if (change instanceof Change.Abort c) {
            Transitions.abort(m, c.reason());
        } else if (change instanceof Change.Pause c) {
            Pauses.enter(m, c.reason(), c.until(), c.detail());
        } else if (change instanceof Change.Resume c) {
            Pauses.clear(m, c.reasons());
        } else {
            throw new IllegalStateException("no case for change " + change);
        }
        m.changed();
    }
}
