package dev.rollout.core.judge;

import dev.rollout.core.judge.NanStrategy;
import dev.rollout.core.judge.OutlierRemoval;
import dev.rollout.core.judge.SampleReport;
import java.util.Arrays;
import java.util.Optional;

/** Prepares one side's series for the test: NaN strategy, then outlier fences. Stateless. */
final class Samples {
    private Samples() {
    }

    /** A prepared series (sorted ascending) and the report of what was done to it. */
    public record Prepared(double[] values, SampleReport report) {
    }

    /** Applies {@code nan} then {@code outliers} to {@code raw}; {@code raw} is not modified. */
    public static Prepared prepare(double[] raw, NanStrategy nan, Optional<OutlierRemoval> outliers) {
        double[] values = new double[raw.length];
        int kept = 0;
        int removed = 0;
        int replaced = 0;
        for (double v : raw) {
            if (Double.isFinite(v)) {
                values[kept++] = v;
            } else if (nan instanceof NanStrategy.Replace r) {
                values[kept++] = r.value();
                replaced++;
            } else {
                removed++;
            }
        }
        values = Arrays.copyOf(values, kept);
        Arrays.sort(values);
        int outliersRemoved = 0;
        double lowerFence = Double.NaN;
        double upperFence = Double.NaN;
        if (outliers.isPresent() && values.length > 0) {
            OutlierRemoval o = outliers.get();
            double q1 = percentile(values, 25);
            double q3 = percentile(values, 75);
            double iqr = q3 - q1;
            lowerFence = q1 - o.factor() * iqr;
            upperFence = q3 + o.factor() * iqr;
            if (o.widenToPercentiles()) {
                lowerFence = Math.min(lowerFence, percentile(values, 1));
                upperFence = Math.max(upperFence, percentile(values, 99));
            }
            int from = 0;
            while (from < values.length && values[from] < lowerFence) {
                from++;
            }
            int to = values.length;
            while (to > from && values[to - 1] > upperFence) {
                to--;
            }
            outliersRemoved = values.length - (to - from);
            values = Arrays.copyOfRange(values, from, to);
        }
        return new Prepared(values, new SampleReport(raw.length, removed, replaced, outliersRemoved,
                lowerFence, upperFence, values.length, mean(values)));
    }

    /** The p-th percentile (0 &lt; p &lt;= 100) of sorted values by R's type 7 estimate. */
    public static double percentile(double[] sorted, double p) {
        int n = sorted.length;
        if (n == 1) {
            return sorted[0];
        }
        double h = (n - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }

    /** The mean, with a second pass that corrects the rounding of the first; NaN when empty. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double correction = 0;
        for (double v : values) {
            correction += v - mean;
        }
        return mean + correction / values.length;
    }
}
