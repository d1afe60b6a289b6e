package dev.rollout.core.judge;

/**
 * The outcome of a two-sided Mann-Whitney U test of a canary sample against a baseline sample,
 * with the Hodges-Lehmann shift of the canary and its confidence interval.
 *
 * @param u the U statistic of the canary: pairs where the canary value is higher, ties half (R's W)
 * @param pValue the two-sided p-value
 * @param exact whether the p-value and interval come from the exact distribution (both samples
 *     under 50 values, no ties) rather than the normal approximation
 * @param shift the Hodges-Lehmann estimate: the median of all canary-minus-baseline differences
 * @param lower the lower end of the shift's confidence interval
 * @param upper the upper end of the shift's confidence interval
 * @param confidence the interval's confidence level, for example 0.98
 * @param canarySize the canary sample's size n
 * @param baselineSize the baseline sample's size m
 */
public record MannWhitneyResult(double u, double pValue, boolean exact, double shift, double lower,
        double upper, double confidence, int canarySize, int baselineSize) {

    /** The common language effect size: the share of pairs where the canary is higher, ties half (U / nm). */
    public double cles() {
        return u / ((double) canarySize * baselineSize);
    }

    /** The significance level the interval corresponds to, {@code 1 - confidence}. */
    public double alpha() {
        return 1 - confidence;
    }
}
