package dev.rollout.core.judge;

/**
 * Removes values outside Tukey's fences Q1 - factor·IQR and Q3 + factor·IQR (quartiles by R's
 * type 7 estimate), each series on its own, before the test.
 *
 * @param factor how many interquartile ranges beyond the quartiles a value may lie (Kayenta: 3)
 * @param widenToPercentiles widen the fences to the 1st and 99th percentiles where those lie
 *     further out, as Kayenta does, so a tight series does not lose its top percent
 */
public record OutlierRemoval(double factor, boolean widenToPercentiles) {
    public OutlierRemoval {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("outlier factor must be a positive number, was " + factor);
        }
    }

    /** Kayenta's removal: factor 3, fences widened to the 1st and 99th percentiles. */
    public static OutlierRemoval kayenta() {
        return new OutlierRemoval(3.0, true);
    }
}
