package dev.rollout.core.judge;

/**
 * The selection {@link ShiftSelector} used before it became a sampled selection, kept as the
 * oracle its results must equal bit for bit on the R fixture (where a sort of 25 million
 * differences would be too slow for a test). Order statistics of the n·m pairwise differences
 * {@code x[i] - y[j]} of two sorted samples without forming them: a bisection over the doubles in between (ordered by their bit patterns,
 * at most 64 steps) where each step counts the differences at or below a value in O(n + m) with
 * two pointers. The answer is exactly one of the computed differences, as a sort of all of them
 * would give. Stateless.
 */
final class BisectionShiftSelector {
    private BisectionShiftSelector() {
    }

    /** The k-th smallest (1-based) difference {@code x[i] - y[j]}; both arrays sorted ascending. */
    static double kth(double[] x, double[] y, long k) {
        int n = x.length;
        int m = y.length;
        long total = (long) n * m;
        if (k < 1 || k > total) {
            throw new IllegalArgumentException("k must be in [1, " + total + "], was " + k);
        }
        long lo = key(x[0] - y[m - 1]);
        long hi = key(x[n - 1] - y[0]);
        while (lo < hi) {
            long mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1);
            if (countAtOrBelow(x, y, value(mid)) >= k) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return value(lo) + 0.0; // + 0.0 turns a -0.0 into 0.0, as the difference itself is
    }

    /** The median of the differences (the mean of the two middle ones when n·m is even). */
    static double median(double[] x, double[] y) {
        long total = (long) x.length * y.length;
        if (total % 2 == 1) {
            return kth(x, y, total / 2 + 1);
        }
        double a = kth(x, y, total / 2);
        double b = kth(x, y, total / 2 + 1);
        return a + (b - a) / 2;
    }

    /** #{(i, j) : x[i] - y[j] <= d}; for a fixed i the difference falls as j grows. */
    static long countAtOrBelow(double[] x, double[] y, double d) {
        int m = y.length;
        int p = 0;
        long count = 0;
        for (double xi : x) {
            while (p < m && xi - y[p] > d) {
                p++;
            }
            count += m - p;
        }
        return count;
    }

    private static long key(double d) {
        long bits = Double.doubleToLongBits(d);
        return bits < 0 ? bits ^ Long.MAX_VALUE : bits;
    }

    private static double value(long key) {
        return Double.longBitsToDouble(key < 0 ? key ^ Long.MAX_VALUE : key);
    }
}
