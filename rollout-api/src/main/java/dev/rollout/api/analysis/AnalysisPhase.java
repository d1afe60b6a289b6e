package dev.rollout.api.analysis;

/**
 * Phase of a measurement, a metric or an analysis run, with Argo's names. Declared from best to
 * worst, so the run's phase is the worst of its metrics' phases ({@link #worse}).
 */
public enum AnalysisPhase {
    Successful,
    Running,
    Pending,
    Inconclusive,
    Error,
    Failed;

    /** Whether the phase is final. */
    public boolean isCompleted() {
        return this == Successful || this == Inconclusive || this == Error || this == Failed;
    }

    /** The worse of two phases, by Argo's order Successful &lt; Running &lt; Pending &lt; Inconclusive &lt; Error &lt; Failed. */
    public AnalysisPhase worse(AnalysisPhase other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
