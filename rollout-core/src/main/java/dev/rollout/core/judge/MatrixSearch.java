package dev.rollout.core.judge;

import java.util.Arrays;

/**
 * The sampled rounds of {@link ShiftSelector} over the implicit matrix D(i, j) = x[i] - y[j],
 * which falls along each row (y ascending) and rises down each column (x ascending). Row i's
 * candidates are the columns [hi[i], lo[i]): columns left of them hold larger or equal
 * differences, columns right of them smaller or equal ones, and {@code below} counts the
 * latter over all rows. Both bounds never fall from one row to the next, which lets one pointer
 * per question sweep all rows in O(n + m). One search per call of {@link #kth}; not thread-safe.
 */
final class MatrixSearch {
    private final double[] x;
    private final double[] y;
    private final int direct;
    private final double[] sample;
    private final ShiftSelector.SplitMix random;
    private int[] hi;
    private int[] lo;
    // Per row, the first candidate column at or below / strictly below each pivot.
    private int[] atOrBelowLow;
    private int[] belowLow;
    private int[] atOrBelowHigh;
    private int[] belowHigh;
    private final long[] cumulative;

    MatrixSearch(double[] x, double[] y, int direct, int sampleSize, ShiftSelector.SplitMix random) {
        this.x = x;
        this.y = y;
        this.direct = direct;
        this.sample = new double[sampleSize];
        this.random = random;
        int n = x.length;
        hi = new int[n];
        lo = new int[n];
        atOrBelowLow = new int[n];
        belowLow = new int[n];
        atOrBelowHigh = new int[n];
        belowHigh = new int[n];
        cumulative = new long[n + 1];
    }

    /** The k-th smallest (1-based) difference, {@code -0.0} given as {@code 0.0}. */
    double kth(long k) {
        int n = x.length;
        int m = y.length;
        Arrays.fill(hi, 0);
        Arrays.fill(lo, m);
        long below = 0;
        long active = (long) n * m;
        while (active > direct) {
            long r = k - below; // the rank within the candidates
            drawSample(active);
            Arrays.sort(sample);
            int s = sample.length;
            double p = (double) r / active;
            double center = p * s;
            // Three standard deviations of the answer's place in the sample, on either side.
            double spread = 3 * Math.sqrt(s * p * (1 - p)) + 1;
            int low = (int) Math.max(0, Math.min(s - 1, Math.floor(center - spread) - 1));
            int high = (int) Math.max(0, Math.min(s - 1, Math.ceil(center + spread) - 1));
            double vLow = sample[low];
            double vHigh = sample[high];
            long[] c = count(vLow, vHigh);
            long belowLowCount = c[0];
            long atOrBelowLowCount = c[1];
            long belowHighCount = c[2];
            long atOrBelowHighCount = c[3];
            if (r <= belowLowCount) {
                hi = swap(hi, belowLow);
                active = belowLowCount;
            } else if (r <= atOrBelowLowCount) {
                return vLow + 0.0;
            } else if (r <= belowHighCount) {
                hi = swap(hi, belowHigh);
                lo = swap(lo, atOrBelowLow);
                below += atOrBelowLowCount;
                active = belowHighCount - atOrBelowLowCount;
            } else if (r <= atOrBelowHighCount) {
                return vHigh + 0.0;
            } else {
                lo = swap(lo, atOrBelowHigh);
                below += atOrBelowHighCount;
                active -= atOrBelowHighCount;
            }
        }
        double[] candidates = new double[(int) active];
        int t = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            for (int j = hi[i]; j < lo[i]; j++) {
                candidates[t++] = xi - y[j];
            }
        }
        int pos = (int) (k - below - 1);
        ShiftSelector.selectInPlace(candidates, 0, candidates.length, pos, random);
        return candidates[pos] + 0.0;
    }

    /**
     * Swaps a bounds array with the pointer array that replaces it, so that the old one becomes
     * scratch for the next round instead of garbage; returns the new bounds.
     */
    private int[] swap(int[] bounds, int[] replacement) {
        if (replacement == atOrBelowLow) {
            atOrBelowLow = bounds;
        } else if (replacement == belowLow) {
            belowLow = bounds;
        } else if (replacement == atOrBelowHigh) {
            atOrBelowHigh = bounds;
        } else {
            belowHigh = bounds;
        }
        return replacement;
    }

    /** Fills the sample with candidates drawn uniformly (with replacement) from the rows' ranges. */
    private void drawSample(long active) {
        int n = x.length;
        for (int i = 0; i < n; i++) {
            cumulative[i + 1] = cumulative[i] + (lo[i] - hi[i]);
        }
        for (int s = 0; s < sample.length; s++) {
            long r = random.nextLong(active);
            // The last row whose range starts at or before r (empty rows share their start).
            int a = 0;
            int b = n - 1;
            while (a < b) {
                int mid = (a + b + 1) >>> 1;
                if (cumulative[mid] <= r) {
                    a = mid;
                } else {
                    b = mid - 1;
                }
            }
            sample[s] = x[a] - y[hi[a] + (int) (r - cumulative[a])];
        }
    }

    /**
     * Counts the candidates below and at or below each pivot ({@code low <= high}) and records
     * per row where they start; returns {below low, at or below low, below high, at or below high}.
     * Each start is found from the previous row's, which it never precedes, and from a start in
     * the same row known not to follow it (at or below high &lt;= below high &lt;= below low, at or
     * below high &lt;= at or below low &lt;= below low; below high and at or below low swap places
     * when the pivots are equal).
     */
    private long[] count(double low, double high) {
        int n = x.length;
        int a = 0;
        int b = 0;
        int c = 0;
        int d = 0;
        long belowLowCount = 0;
        long atOrBelowLowCount = 0;
        long belowHighCount = 0;
        long atOrBelowHighCount = 0;
        for (int i = 0; i < n; i++) {
            int h = hi[i];
            int l = lo[i];
            double xi = x[i];
            c = Math.max(c, h);
            while (c < l && xi - y[c] > high) {
                c++;
            }
            d = Math.max(d, c);
            while (d < l && xi - y[d] >= high) {
                d++;
            }
            a = Math.max(a, c);
            while (a < l && xi - y[a] > low) {
                a++;
            }
            b = Math.max(b, a);
            while (b < l && xi - y[b] >= low) {
                b++;
            }
            atOrBelowHigh[i] = c;
            belowHigh[i] = d;
            atOrBelowLow[i] = a;
            belowLow[i] = b;
            atOrBelowHighCount += l - c;
            belowHighCount += l - d;
            atOrBelowLowCount += l - a;
            belowLowCount += l - b;
        }
        return new long[] {belowLowCount, atOrBelowLowCount, belowHighCount, atOrBelowHighCount};
    }
}
