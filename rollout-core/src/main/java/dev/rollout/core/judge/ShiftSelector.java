package dev.rollout.core.judge;

import java.util.Arrays;

/**
 * Order statistics of the n·m pairwise differences {@code x[i] - y[j]} of two sorted samples
 * without forming them all: a randomized selection over the implicit matrix whose row i
 * ({@code x[i]} minus every y) falls from left to right (Johnson &amp; Mizoguchi 1978, Monahan
 * 1984), with pivots chosen Floyd-Rivest style from a sample. Each row keeps the column range
 * still in play; a round draws a sample of those candidates, takes two sample values that
 * bracket the wanted rank with high probability and counts the candidates below and at each with
 * four pointers that only move right, O(n + m); the candidates on the wrong sides are dropped.
 * Once few remain they are copied out and selected in place. Expected cost O((n + m) log(nm))
 * per order statistic, a handful of rounds in practice.
 *
 * <p>The answer is exactly one of the computed differences, the one a sort of all of them puts at
 * rank k ({@code -0.0} given as {@code 0.0}), whatever the pivots: every comparison is between
 * differences computed the same way. Pivots come from a fixed seed, so the work is reproducible
 * too. Values must be finite. Stateless and thread-safe.
 */
final class ShiftSelector {
    /** Up to this many candidates are copied out and selected in place. */
    static final int DIRECT = 4096;
    /** Candidates drawn per round to choose the two pivots. */
    static final int SAMPLE = 1024;

    private ShiftSelector() {
    }

    /** The k-th smallest (1-based) difference {@code x[i] - y[j]}; both arrays sorted ascending. */
    public static double kth(double[] x, double[] y, long k) {
        return select(x, y, new long[] {k}, DIRECT, SAMPLE)[0];
    }

    /** The median of the differences (the mean of the two middle ones when n·m is even). */
    public static double median(double[] x, double[] y) {
        return intervalAndMedian(x, y, 1)[1];
    }

    /**
     * The differences of rank k and nm + 1 - k and their median, as {lower, median, upper}, for
     * 1 &lt;= k &lt;= (nm + 1) / 2; cheaper than three calls because neighbouring ranks share work.
     */
    public static double[] intervalAndMedian(double[] x, double[] y, long k) {
        long total = (long) x.length * y.length;
        long mid = total / 2 + 1;
        if (total % 2 == 1) {
            double[] d = select(x, y, new long[] {k, mid, total + 1 - k}, DIRECT, SAMPLE);
            return new double[] {d[0], d[1], d[2]};
        }
        double[] d = select(x, y, new long[] {k, mid - 1, mid, total + 1 - k}, DIRECT, SAMPLE);
        return new double[] {d[0], d[1] + (d[2] - d[1]) / 2, d[3]};
    }

    /**
     * The differences at the given 1-based ranks, in the order asked; {@code direct} and
     * {@code sample} are the thresholds above, open so that tests can drive the sampled rounds
     * on small samples.
     */
    static double[] select(double[] x, double[] y, long[] ranks, int direct, int sample) {
        int n = x.length;
        int m = y.length;
        long total = (long) n * m;
        for (long k : ranks) {
            if (k < 1 || k > total) {
                throw new IllegalArgumentException("k must be in [1, " + total + "], was " + k);
            }
        }
        // Ascending ranks: later ones reuse what earlier ones left (the partition, or a neighbour).
        long[] sorted = ranks.clone();
        Arrays.sort(sorted);
        double[] values = new double[sorted.length];
        SplitMix random = new SplitMix();
        if (total <= direct) {
            double[] all = new double[(int) total];
            int t = 0;
            for (double xi : x) {
                for (double yj : y) {
                    all[t++] = xi - yj;
                }
            }
            int from = 0;
            for (int r = 0; r < sorted.length; r++) {
                int pos = (int) (sorted[r] - 1);
                // a[from, end) holds exactly the ranks from..end-1, so later ranks stay inside it.
                selectInPlace(all, from, all.length, pos, random);
                values[r] = all[pos] + 0.0;
                from = pos;
            }
        } else {
            MatrixSearch search = new MatrixSearch(x, y, direct, sample, random);
            for (int r = 0; r < sorted.length; r++) {
                if (r > 0 && sorted[r] == sorted[r - 1]) {
                    values[r] = values[r - 1];
                } else if (r > 0 && sorted[r] == sorted[r - 1] + 1) {
                    values[r] = nextAbove(x, y, values[r - 1], sorted[r]);
                } else {
                    values[r] = search.kth(sorted[r]);
                }
            }
        }
        double[] out = new double[ranks.length];
        for (int i = 0; i < ranks.length; i++) {
            out[i] = values[Arrays.binarySearch(sorted, ranks[i])];
        }
        return out;
    }

    /**
     * The difference of rank k given {@code previous}, that of rank k - 1: itself if it is
     * repeated, else the smallest difference above it (in row i the one just left of the first
     * difference at or below it). One pass.
     */
    static double nextAbove(double[] x, double[] y, double previous, long k) {
        int m = y.length;
        int p = 0;
        long atOrBelow = 0;
        double smallestAbove = Double.POSITIVE_INFINITY;
        for (double xi : x) {
            while (p < m && xi - y[p] > previous) {
                p++;
            }
            atOrBelow += m - p;
            if (p > 0) {
                smallestAbove = Math.min(smallestAbove, xi - y[p - 1]);
            }
        }
        return atOrBelow >= k ? previous : smallestAbove + 0.0;
    }

    /**
     * Rearranges {@code a[from, to)} so that {@code a[pos]} holds the value of sorted position
     * {@code pos}, smaller or equal values before it and larger or equal after (quickselect with
     * a three-way partition, so runs of ties end it at once).
     */
    static void selectInPlace(double[] a, int from, int to, int pos, SplitMix random) {
        int lo = from;
        int hi = to - 1;
        while (lo < hi) {
            double pivot = a[lo + random.nextInt(hi - lo + 1)];
            // [lo, lt) < pivot, [lt, i) == pivot, (gt, hi] > pivot.
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                double v = a[i];
                if (v < pivot) {
                    a[i++] = a[lt];
                    a[lt++] = v;
                } else if (v > pivot) {
                    a[i] = a[gt];
                    a[gt--] = v;
                } else {
                    i++;
                }
            }
            if (pos < lt) {
                hi = lt - 1;
            } else if (pos > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    /** SplitMix64 from a fixed seed: cheap, and the same sequence on every JDK. */
    static final class SplitMix {
        private long state = 0x5DEECE66DL;

        long nextLong() {
            long z = state += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, bound) for bound &gt; 0 (the tiny bias of a multiply-shift is harmless here). */
        long nextLong(long bound) {
            long r = (long) ((nextLong() >>> 11) * 0x1.0p-53 * bound);
            return Math.min(r, bound - 1);
        }

        int nextInt(int bound) {
            return (int) nextLong(bound);
        }
    }
}
