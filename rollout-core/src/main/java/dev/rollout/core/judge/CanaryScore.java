package dev.rollout.core.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The score of one canary interval.
 *
 * @param score 0 to 100, rounded to two decimals (0 on a critical failure or too many Nodata)
 * @param outcome the score against the thresholds
 * @param groupScores each group's score: Pass / (Pass + High + Low + NodataFail) · 100; a group
 *     with none of those is absent here and counts as 100 in the summary; immutable
 * @param reason why the score is 0, or empty
 * @param metrics every metric's verdict, muted ones included
 */
public record CanaryScore(double score, ScoreOutcome outcome, Map<String, Double> groupScores,
        String reason, List<MetricVerdict> metrics) {
    public CanaryScore {
        Objects.requireNonNull(outcome, "outcome");
        groupScores = Collections.unmodifiableMap(new LinkedHashMap<>(groupScores));
        reason = reason == null ? "" : reason;
        metrics = List.copyOf(metrics);
    }

    /** The score in one line, for example {@code score 50 (Fail, below marginal 75): latency: High (...)}. */
    public String message(ScoreSettings settings) {
        String where = switch (outcome) {
            case PASS -> "at or above pass " + Numbers.format(settings.pass());
            case MARGINAL -> "below pass " + Numbers.format(settings.pass()) + ", at or above marginal "
                    + Numbers.format(settings.marginal());
            case FAIL -> "below marginal " + Numbers.format(settings.marginal());
        };
        StringBuilder text = new StringBuilder("score ").append(Numbers.format(score)).append(" (")
                .append(outcome.name().charAt(0)).append(outcome.name().substring(1).toLowerCase(java.util.Locale.ROOT))
                .append(", ").append(where).append(')');
        if (!reason.isEmpty()) {
            text.append(": ").append(reason);
        }
        for (MetricVerdict m : metrics) {
            text.append("; ").append(m.message()).append(m.settings().muted() ? " [muted]" : "");
        }
        return text.toString();
    }
}
