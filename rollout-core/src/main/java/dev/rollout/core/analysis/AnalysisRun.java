package dev.rollout.core.analysis;

import dev.rollout.api.analysis.AnalysisRunStatus;

/** A started analysis run. Thread-safe. */
public interface AnalysisRun {

    /** The current status. */
    AnalysisRunStatus status();

    /**
     * Ends the run as Argo terminates it when the rollout moves on: metrics without a count stop
     * and count as Successful; a completed run is unchanged.
     */
    void terminate();

    /** Stops the run because the rollout was aborted; in-flight measurements are cancelled. */
    void cancel();
}
