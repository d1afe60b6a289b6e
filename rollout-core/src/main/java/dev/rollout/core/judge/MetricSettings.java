package dev.rollout.core.judge;

import java.util.Objects;
import java.util.Optional;

/**
 * How one metric is judged. Defaults are Kayenta's, but each is a setting here: direction
 * either, tolerance 0.25, confidence 0.98, effect size mean ratio with every threshold at its
 * neutral value (1.0; 0.5 for CLES), not critical, data not required, not muted, NaN removed, no
 * outlier removal, group {@code default}. Build with {@link #builder()}; immutable.
 *
 * @param direction which change fails
 * @param tolerance a change is only High or Low when the whole interval lies beyond
 *     tolerance·|shift| from zero
 * @param confidence the interval's confidence level; the test's significance is {@code 1 - confidence}
 * @param effectSize how the size of a change is measured
 * @param allowedIncrease a High also needs the effect size at or above this
 * @param allowedDecrease a Low also needs the effect size at or below this
 * @param criticalIncrease a High of a critical metric fails the canary when the effect size is at or above this
 * @param criticalDecrease a Low of a critical metric fails the canary when the effect size is at or below this
 * @param critical a failure of this metric fails the whole canary (score 0)
 * @param mustHaveData no data counts as a failure (NodataFail) instead of being left out
 * @param muted judged and reported, but left out of the score
 * @param nanStrategy what happens to NaN and infinite values
 * @param outliers outlier removal, if any
 * @param group the group whose score this metric counts in
 * @param unit shown after shifts in messages, for example {@code ms}; may be empty
 */
public record MetricSettings(Direction direction, double tolerance, double confidence,
        EffectSizeMeasure effectSize, double allowedIncrease, double allowedDecrease,
        double criticalIncrease, double criticalDecrease, boolean critical, boolean mustHaveData,
        boolean muted, NanStrategy nanStrategy, Optional<OutlierRemoval> outliers, String group,
        String unit) {
    /** Kayenta's confidence level. */
    public static final double DEFAULT_CONFIDENCE = 0.98;
    /** Kayenta's tolerance. */
    public static final double DEFAULT_TOLERANCE = 0.25;

    public MetricSettings {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(effectSize, "effectSize");
        Objects.requireNonNull(nanStrategy, "nanStrategy");
        Objects.requireNonNull(outliers, "outliers");
        Objects.requireNonNull(group, "group");
        unit = unit == null ? "" : unit;
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be >= 0, was " + tolerance);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), was " + confidence);
        }
    }

    /** Kayenta's defaults. */
    public static MetricSettings defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link MetricSettings}; thresholds left unset take the effect size's neutral value. Not thread-safe. */
    public static final class Builder {
        private Direction direction = Direction.EITHER;
        private double tolerance = DEFAULT_TOLERANCE;
        private double confidence = DEFAULT_CONFIDENCE;
        private EffectSizeMeasure effectSize = EffectSizeMeasure.MEAN_RATIO;
        private Double allowedIncrease;
        private Double allowedDecrease;
        private Double criticalIncrease;
        private Double criticalDecrease;
        private boolean critical;
        private boolean mustHaveData;
        private boolean muted;
        private NanStrategy nanStrategy = NanStrategy.remove();
        private OutlierRemoval outliers;
        private String group = "default";
        private String unit = "";

        private Builder() {
        }

        /** Which change fails (default either). */
        public Builder direction(Direction value) {
            this.direction = value;
            return this;
        }

        /** The tolerance (default 0.25). */
        public Builder tolerance(double value) {
            this.tolerance = value;
            return this;
        }

        /** The confidence level (default 0.98). */
        public Builder confidence(double value) {
            this.confidence = value;
            return this;
        }

        /** The effect size measure (default mean ratio). */
        public Builder effectSize(EffectSizeMeasure value) {
            this.effectSize = value;
            return this;
        }

        /** The effect size a High needs (default neutral). */
        public Builder allowedIncrease(double value) {
            this.allowedIncrease = value;
            return this;
        }

        /** The effect size a Low needs (default neutral). */
        public Builder allowedDecrease(double value) {
            this.allowedDecrease = value;
            return this;
        }

        /** The effect size at which a critical High fails the canary (default neutral). */
        public Builder criticalIncrease(double value) {
            this.criticalIncrease = value;
            return this;
        }

        /** The effect size at which a critical Low fails the canary (default neutral). */
        public Builder criticalDecrease(double value) {
            this.criticalDecrease = value;
            return this;
        }

        /** Whether a failure fails the whole canary (default false). */
        public Builder critical(boolean value) {
            this.critical = value;
            return this;
        }

        /** Whether no data is a failure (default false). */
        public Builder mustHaveData(boolean value) {
            this.mustHaveData = value;
            return this;
        }

        /** Whether the metric is left out of the score (default false). */
        public Builder muted(boolean value) {
            this.muted = value;
            return this;
        }

        /** What happens to NaN values (default remove). */
        public Builder nanStrategy(NanStrategy value) {
            this.nanStrategy = value;
            return this;
        }

        /** Outlier removal (default none; null for none). */
        public Builder outliers(OutlierRemoval value) {
            this.outliers = value;
            return this;
        }

        /** The group the metric counts in (default {@code default}). */
        public Builder group(String value) {
            this.group = value;
            return this;
        }

        /** The unit shown in messages (default none). */
        public Builder unit(String value) {
            this.unit = value;
            return this;
        }

        /** The settings. */
        public MetricSettings build() {
            double neutral = effectSize.neutral();
            return new MetricSettings(direction, tolerance, confidence, effectSize,
                    or(allowedIncrease, neutral), or(allowedDecrease, neutral),
                    or(criticalIncrease, neutral), or(criticalDecrease, neutral), critical,
                    mustHaveData, muted, nanStrategy, Optional.ofNullable(outliers), group, unit);
        }

        private static double or(Double value, double fallback) {
            return value == null ? fallback : value;
        }
    }
}
