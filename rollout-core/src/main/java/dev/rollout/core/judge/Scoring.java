package dev.rollout.core.judge;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kayenta's weighted-sum scoring of metric verdicts: muted metrics are left out; any critical
 * failure scores 0; so does Nodata on half or more of the metrics; otherwise each group scores
 * Pass / (Pass + High + Low + NodataFail) and the summary is the weighted sum of the group scores
 * (a group without any of those counts as 100), rounded to two decimals. Stateless.
 */
public final class Scoring {
    /** Nodata on this share of the metrics (percent) or more fails the canary (Kayenta's rule). */
    public static final double NODATA_FAIL_PERCENT = 50;

    private Scoring() {
    }

    /** Scores one interval's verdicts. */
    public static CanaryScore score(List<MetricVerdict> verdicts, ScoreSettings settings) {
        List<MetricVerdict> counted = verdicts.stream().filter(v -> !v.settings().muted()).toList();
        Map<String, int[]> groups = new LinkedHashMap<>(); // {pass, counted}
        for (MetricVerdict v : counted) {
            int[] g = groups.computeIfAbsent(v.settings().group(), k -> new int[2]);
            switch (v.classification()) {
                case PASS -> {
                    g[0]++;
                    g[1]++;
                }
                case HIGH, LOW, NODATA_FAIL -> g[1]++;
                default -> {
                }
            }
        }
        Map<String, Double> groupScores = new LinkedHashMap<>();
        groups.forEach((name, g) -> {
            if (g[1] > 0) {
                groupScores.put(name, 100.0 * g[0] / g[1]);
            }
        });
        for (MetricVerdict v : counted) {
            if (v.criticalFailure() || (v.settings().critical() && v.classification() == Classification.ERROR)) {
                return new CanaryScore(0, ScoreOutcome.FAIL, groupScores,
                        "critical metric " + v.metric() + " is " + v.classification().label(), verdicts);
            }
        }
        long nodata = counted.stream().filter(v -> v.classification() == Classification.NODATA).count();
        if (!counted.isEmpty() && 100.0 * nodata / counted.size() >= NODATA_FAIL_PERCENT) {
            return new CanaryScore(0, ScoreOutcome.FAIL, groupScores, nodata + " of " + counted.size()
                    + " metrics have no data (" + Numbers.format(NODATA_FAIL_PERCENT) + "% or more)", verdicts);
        }
        Set<String> unweighted = new LinkedHashSet<>(groups.keySet());
        unweighted.removeAll(settings.groupWeights().keySet());
        double weighted = settings.groupWeights().values().stream().mapToDouble(Double::doubleValue).sum();
        double share = unweighted.isEmpty() ? 0 : (100 - weighted) / unweighted.size();
        double sum = 0;
        for (String group : groups.keySet()) {
            double score = groupScores.getOrDefault(group, 100.0);
            sum += score * settings.groupWeights().getOrDefault(group, share) / 100;
        }
        double score = BigDecimal.valueOf(sum).setScale(2, RoundingMode.HALF_UP).doubleValue();
        ScoreOutcome outcome = score >= settings.pass() ? ScoreOutcome.PASS
                : score >= settings.marginal() ? ScoreOutcome.MARGINAL : ScoreOutcome.FAIL;
        return new CanaryScore(score, outcome, groupScores, "", verdicts);
    }
}
