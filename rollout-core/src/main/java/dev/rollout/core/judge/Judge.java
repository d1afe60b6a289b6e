package dev.rollout.core.judge;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges a canary series against a baseline series with Kayenta's Mann-Whitney classifier, its
 * confidence and tolerance as typed settings:
 * <ol>
 *   <li>Each series goes through the NaN strategy and the outlier fences.</li>
 *   <li>A side left empty is Nodata (NodataFail when the metric must have data and is not
 *       critical; a critical metric's Nodata fails the canary). With NaN replacement an empty
 *       series passes, as in Kayenta.</li>
 *   <li>Identical series pass; series whose values are all one value pass.</li>
 *   <li>Otherwise the Mann-Whitney test gives the shift's interval at the confidence level.
 *       High when the direction allows it, the whole interval lies above tolerance·|shift|, and
 *       the effect size is at or above the allowed increase; Low symmetrically; else Pass. A NaN
 *       effect size (a mean of 0) does not block a High or Low.</li>
 *   <li>A critical metric's High (Low) with the effect size at or above the critical increase (at
 *       or below the critical decrease) fails the whole canary.</li>
 * </ol>
 * Kayenta adds random noise to two constant series before testing them; that is not needed here:
 * when both series are constant and differ, every difference equals the gap, so the interval is
 * that gap and the verdict is deterministic. Stateless and thread-safe.
 */
public final class Judge {
    private Judge() {
    }

    /** Judges {@code canary} against {@code baseline} (raw values; NaN allowed) under {@code settings}. */
    public static MetricVerdict classify(String metric, MetricSettings settings, double[] baseline,
            double[] canary) {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(settings, "settings");
        Samples.Prepared b = Samples.prepare(baseline, settings.nanStrategy(), settings.outliers());
        Samples.Prepared c = Samples.prepare(canary, settings.nanStrategy(), settings.outliers());
        double ratio = meanRatio(b.report().mean(), c.report().mean());
        if (b.values().length == 0 || c.values().length == 0) {
            String side = b.values().length == 0 && c.values().length == 0 ? "canary and baseline"
                    : b.values().length == 0 ? "baseline" : "canary";
            if (settings.nanStrategy() instanceof NanStrategy.Replace) {
                return verdict(metric, Classification.PASS, false, settings, null, ratio, b, c,
                        "no " + side + " data; passes with NaN replacement");
            }
            if (settings.mustHaveData() && !settings.critical()) {
                return verdict(metric, Classification.NODATA_FAIL, false, settings, null, ratio, b, c,
                        "no " + side + " data and the metric must have data");
            }
            return verdict(metric, Classification.NODATA, settings.critical(), settings, null, ratio, b, c,
                    "no " + side + " data" + (settings.critical() ? " for a critical metric" : ""));
        }
        if (Arrays.equals(b.values(), c.values())) {
            return verdict(metric, Classification.PASS, false, settings, null, ratio, b, c,
                    "the canary and baseline data are identical");
        }
        if (b.values()[0] == b.values()[b.values().length - 1]
                && c.values()[0] == c.values()[c.values().length - 1] && b.values()[0] == c.values()[0]) {
            return verdict(metric, Classification.PASS, false, settings, null, ratio, b, c,
                    "every value is " + Numbers.format(b.values()[0]));
        }
        MannWhitneyResult test = MannWhitney.test(c.values(), b.values(), settings.confidence());
        double effect = settings.effectSize() == EffectSizeMeasure.CLES ? test.cles() : ratio;
        double bound = settings.tolerance() * Math.abs(test.shift());
        Direction d = settings.direction();
        boolean high = d != Direction.DECREASE && test.lower() > bound
                && (Double.isNaN(effect) || effect >= settings.allowedIncrease());
        boolean low = d != Direction.INCREASE && test.upper() < -bound
                && (Double.isNaN(effect) || effect <= settings.allowedDecrease());
        Classification label = high ? Classification.HIGH : low ? Classification.LOW : Classification.PASS;
        boolean criticalFailure = settings.critical() && (high
                ? Double.isNaN(effect) || effect >= settings.criticalIncrease()
                : low && (Double.isNaN(effect) || effect <= settings.criticalDecrease()));
        return new MetricVerdict(metric, label, criticalFailure, settings, Optional.of(test), ratio,
                test.cles(), effect, b.report(), c.report(), reason(label, test, bound, settings));
    }

    private static String reason(Classification label, MannWhitneyResult test, double bound,
            MetricSettings settings) {
        String tolerance = "±" + Numbers.format(bound) + " (tolerance " + Numbers.format(settings.tolerance())
                + " of |shift|)";
        return switch (label) {
            case HIGH -> "the interval lies above " + tolerance;
            case LOW -> "the interval lies below " + tolerance;
            default -> {
                if (test.lower() > bound || test.upper() < -bound) {
                    yield "the change is " + (test.lower() > bound ? "an increase" : "a decrease")
                            + " but the direction is " + settings.direction().yamlName()
                            + " or the effect size is within the allowed " + settings.effectSize().yamlName();
                }
                yield "the interval does not clear " + tolerance;
            }
        };
    }

    private static MetricVerdict verdict(String metric, Classification label, boolean critical,
            MetricSettings settings, MannWhitneyResult test, double ratio, Samples.Prepared b,
            Samples.Prepared c, String reason) {
        double effect = settings.effectSize() == EffectSizeMeasure.CLES ? Double.NaN : ratio;
        return new MetricVerdict(metric, label, critical, settings, Optional.ofNullable(test), ratio,
                Double.NaN, effect, b.report(), c.report(), reason);
    }

    /** Kayenta's mean ratio: canary over baseline, NaN when either mean is 0 or undefined. */
    private static double meanRatio(double baselineMean, double canaryMean) {
        if (baselineMean == 0 || canaryMean == 0 || Double.isNaN(baselineMean) || Double.isNaN(canaryMean)) {
            return Double.NaN;
        }
        return canaryMean / baselineMean;
    }
}
