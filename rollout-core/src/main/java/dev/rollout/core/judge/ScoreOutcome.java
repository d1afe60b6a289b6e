package dev.rollout.core.judge;

/** What a canary score means against the pass and marginal thresholds. */
public enum ScoreOutcome {
    /** At or above the pass threshold. */
    PASS,
    /** Below pass, at or above marginal. */
    MARGINAL,
    /** Below marginal, or a critical failure. */
    FAIL
}
