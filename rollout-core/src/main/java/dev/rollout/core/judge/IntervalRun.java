package dev.rollout.core.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A canary judged over several intervals, as Spinnaker's canary stage does: an interval scoring
 * below marginal fails the run at once (the later intervals are not judged), and the last
 * interval's score decides the end: Pass at or above pass, Marginal between, Fail below.
 * Immutable: {@link #next(CanaryScore)} answers a new run.
 *
 * @param intervals how many intervals the run has
 * @param settings the thresholds
 * @param scores the scores so far
 */
public record IntervalRun(int intervals, ScoreSettings settings, List<CanaryScore> scores) {
    public IntervalRun {
        if (intervals < 1) {
            throw new IllegalArgumentException("intervals must be >= 1, was " + intervals);
        }
        Objects.requireNonNull(settings, "settings");
        scores = List.copyOf(scores);
    }

    /** Where a run stands. */
    public enum State {
        /** More intervals to judge. */
        RUNNING,
        /** The last interval passed. */
        PASSED,
        /** The last interval was marginal. */
        MARGINAL,
        /** An interval scored below marginal. */
        FAILED
    }

    /** A run of {@code intervals} intervals with nothing judged yet. */
    public static IntervalRun start(int intervals, ScoreSettings settings) {
        return new IntervalRun(intervals, settings, List.of());
    }

    /** The run with one more interval's score; a finished run refuses more. */
    public IntervalRun next(CanaryScore score) {
        if (state() != State.RUNNING) {
            throw new IllegalStateException("the run is " + state() + "; no more intervals are judged");
        }
        List<CanaryScore> more = new ArrayList<>(scores);
        more.add(Objects.requireNonNull(score, "score"));
        return new IntervalRun(intervals, settings, more);
    }

    /** Where the run stands. */
    public State state() {
        if (scores.isEmpty()) {
            return State.RUNNING;
        }
        CanaryScore last = scores.get(scores.size() - 1);
        if (last.outcome() == ScoreOutcome.FAIL) {
            return State.FAILED;
        }
        if (scores.size() < intervals) {
            return State.RUNNING;
        }
        return last.outcome() == ScoreOutcome.PASS ? State.PASSED : State.MARGINAL;
    }
}
