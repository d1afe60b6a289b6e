package dev.rollout.core.judge;

import java.util.Arrays;

/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum test) with the Hodges-Lehmann shift and
 * its confidence interval, as R's {@code wilcox.test(x, y, conf.int = TRUE, correct = TRUE)}
 * computes them, x being the canary:
 * <ul>
 *   <li>Exact when both samples have fewer than 50 values and no value is tied (R's rule):
 *       the p-value from the exact distribution of U, the interval from its quantiles
 *       ({@code qwilcox}), as order statistics of the n·m differences.</li>
 *   <li>Otherwise the normal approximation with the tie-corrected variance and a continuity
 *       correction of 0.5 towards the mean. The interval ends are the order statistics
 *       D(k) and D(nm + 1 - k) of the differences with k = ceil(nm/2 - 1/2 - z·σ), the
 *       normal counterpart of the exact quantile (Hollander &amp; Wolfe; Bauer 1972). R instead
 *       finds a root of the standardized statistic with {@code uniroot(tol = 1e-4)}, which
 *       lands somewhere between two neighbouring differences; an order statistic is the
 *       well-defined point of that step.</li>
 *   <li>The shift is the median of the differences in both cases (R's exact-case estimate;
 *       the true Hodges-Lehmann estimator).</li>
 * </ul>
 * Ranks cost O((n + m) log(n + m)); each order statistic a randomized selection over the
 * implicit matrix of differences ({@link ShiftSelector}), expected O((n + m) log(nm)) without
 * forming them. Values must be finite. Stateless and thread-safe.
 */
public final class MannWhitney {
    private MannWhitney() {
    }

    /**
     * Tests {@code canary} against {@code baseline} (both non-empty, finite values) with an
     * interval at {@code confidence} (0 &lt; confidence &lt; 1). The arrays are not modified.
     */
    public static MannWhitneyResult test(double[] canary, double[] baseline, double confidence) {
        if (canary.length == 0 || baseline.length == 0) {
            throw new IllegalArgumentException("both samples need at least one value, had "
                    + canary.length + " canary and " + baseline.length + " baseline values");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
        double[] x = sortedFinite(canary, "canary");
        double[] y = sortedFinite(baseline, "baseline");
        int n = x.length;
        int m = y.length;
        double nm = (double) n * m;
        // Merge the sorted samples; each run of equal values shares its average rank.
        double rankSumX = 0;
        double tieTerm = 0;
        int i = 0;
        int j = 0;
        int rank = 0;
        while (i < n || j < m) {
            double v = i < n && (j >= m || x[i] <= y[j]) ? x[i] : y[j];
            int inX = 0;
            while (i < n && x[i] == v) {
                i++;
                inX++;
            }
            int inY = 0;
            while (j < m && y[j] == v) {
                j++;
                inY++;
            }
            int t = inX + inY;
            double average = rank + (t + 1) / 2.0;
            rankSumX += inX * average;
            tieTerm += (double) t * t * t - t;
            rank += t;
        }
        double u = rankSumX - n * (n + 1) / 2.0;
        boolean ties = tieTerm > 0;
        boolean exact = n < WilcoxonExact.LIMIT && m < WilcoxonExact.LIMIT && !ties;
        double alpha = 1 - confidence;
        double p;
        long qu;
        if (exact) {
            double tail = u > nm / 2 ? WilcoxonExact.sf(u, n, m) : WilcoxonExact.cdf(u, n, m);
            p = Math.min(2 * tail, 1);
            qu = WilcoxonExact.quantile(alpha / 2, n, m);
        } else {
            double sigma = Math.sqrt(nm / 12 * ((n + m + 1) - tieTerm / ((double) (n + m) * (n + m - 1))));
            double z = u - nm / 2;
            z = (z - Math.signum(z) * 0.5) / sigma;
            p = Math.min(2 * Math.min(Normal.cdf(z), Normal.sf(z)), 1);
            double zq = -Normal.quantile(alpha / 2);
            qu = (long) Math.ceil(nm / 2 - 0.5 - zq * sigma);
        }
        long total = (long) n * m;
        qu = Math.max(1, Math.min(qu, (total + 1) / 2));
        double[] ends = ShiftSelector.intervalAndMedian(x, y, qu);
        return new MannWhitneyResult(u, p, exact, ends[1], ends[0], ends[2], confidence, n, m);
    }

    private static double[] sortedFinite(double[] values, String side) {
        double[] copy = values.clone();
        for (double v : copy) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(side + " sample holds a non-finite value (" + v
                        + "); remove or replace NaN and infinite values first");
            }
        }
        Arrays.sort(copy);
        return copy;
    }
}
