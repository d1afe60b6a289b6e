package dev.rollout.core.judge;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact null distribution of the Mann-Whitney U statistic for samples of sizes n and m
 * without ties, as R's {@code pwilcox} and {@code qwilcox} compute it. Counts come from the
 * recurrence f(a, b, u) = f(a-1, b, u-b) + f(a, b-1, u), which only adds positive numbers, so the
 * tails keep their relative precision. Used below {@link #LIMIT} on both sizes only (R's choice);
 * distributions are cached per size pair (at most 49 x 49 pairs, about 12 MB in the worst case).
 * Thread-safe.
 */
final class WilcoxonExact {
    /** Both sample sizes must be below this for the exact distribution (R's threshold). */
    public static final int LIMIT = 50;

    private static final ConcurrentHashMap<Integer, double[]> CUMULATIVE = new ConcurrentHashMap<>();

    private WilcoxonExact() {
    }

    /** P(U <= q) for sizes n and m. */
    public static double cdf(double q, int n, int m) {
        double[] cumulative = cumulative(n, m);
        if (q < 0) {
            return 0;
        }
        int k = (int) Math.floor(q + 1e-7);
        if (k >= cumulative.length - 1) {
            return 1;
        }
        return cumulative[k] / cumulative[cumulative.length - 1];
    }

    /** P(U >= q) for sizes n and m, summed from the upper tail so small values keep their digits. */
    public static double sf(double q, int n, int m) {
        // By symmetry P(U >= q) = P(U <= nm - q).
        return cdf(n * (double) m - q, n, m);
    }

    /** The smallest q with P(U <= q) >= p, with R's allowance of 10 ulps on p. */
    public static int quantile(double p, int n, int m) {
        double[] cumulative = cumulative(n, m);
        double total = cumulative[cumulative.length - 1];
        double target = p - 10 * Math.ulp(1.0);
        for (int q = 0; q < cumulative.length; q++) {
            if (cumulative[q] / total >= target) {
                return q;
            }
        }
        return n * m;
    }

    /** Cumulative counts c[u] = #{arrangements with U <= u}, u = 0..nm. */
    private static double[] cumulative(int n, int m) {
        if (n < 1 || m < 1 || n >= LIMIT || m >= LIMIT) {
            throw new IllegalArgumentException("exact distribution needs 1 <= n, m < " + LIMIT
                    + ", were " + n + " and " + m);
        }
        return CUMULATIVE.computeIfAbsent(n * LIMIT + m, k -> {
            double[] counts = counts(n, m);
            double[] cumulative = new double[counts.length];
            double sum = 0;
            for (int u = 0; u < counts.length; u++) {
                sum += counts[u];
                cumulative[u] = sum;
            }
            return cumulative;
        });
    }

    private static double[] counts(int n, int m) {
        int size = n * m + 1;
        // layer[b][u] = f(a, b, u) for the current a.
        double[][] previous = new double[m + 1][size];
        for (int b = 0; b <= m; b++) {
            previous[b][0] = 1; // f(0, b, u) = [u == 0]
        }
        for (int a = 1; a <= n; a++) {
            double[][] current = new double[m + 1][size];
            current[0][0] = 1; // f(a, 0, u) = [u == 0]
            for (int b = 1; b <= m; b++) {
                int top = a * b;
                double[] cur = current[b];
                double[] left = current[b - 1];
                double[] up = previous[b];
                for (int u = 0; u <= top; u++) {
                    double v = left[u];
                    if (u >= b) {
                        v += up[u - b];
                    }
                    cur[u] = v;
                }
            }
            previous = current;
        }
        return previous[m];
    }
}
