package dev.rollout.core.judge;

import java.util.Objects;
import java.util.Optional;

/**
 * A metric's verdict with everything it rests on.
 *
 * @param metric the metric's name
 * @param classification Pass, High, Low, Nodata, NodataFail or Error
 * @param criticalFailure whether this verdict fails the whole canary (a critical metric's High or
 *     Low beyond its critical effect size, or its no data)
 * @param settings the settings it was judged with
 * @param test the test's statistics; empty when there was no data or nothing to test (identical
 *     or all-equal series)
 * @param meanRatio canary mean over baseline mean, NaN when undefined
 * @param cles the share of pairs where the canary is higher, NaN when not tested
 * @param effectSize the value of the settings' effect size measure
 * @param baseline what happened to the baseline series
 * @param canary what happened to the canary series
 * @param reason why, in words (for example {@code the canary and baseline data are identical})
 */
public record MetricVerdict(String metric, Classification classification, boolean criticalFailure,
        MetricSettings settings, Optional<MannWhitneyResult> test, double meanRatio, double cles,
        double effectSize, SampleReport baseline, SampleReport canary, String reason) {
    public MetricVerdict {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(canary, "canary");
        reason = reason == null ? "" : reason;
    }

    /**
     * The verdict in one line, for example {@code latency: High (p=0.0003 < 0.02, shift +3.1 ms
     * [1.9, 4.4], ratio 1.031, n=200/200)}.
     */
    public String message() {
        StringBuilder text = new StringBuilder(metric).append(": ").append(classification.label());
        if (criticalFailure) {
            text.append(" (critical)");
        }
        String unit = settings.unit().isEmpty() ? "" : " " + settings.unit();
        if (test.isPresent()) {
            MannWhitneyResult t = test.get();
            double alpha = t.alpha();
            text.append(" (p=").append(Numbers.format(t.pValue()))
                    .append(t.pValue() < alpha ? " < " : " >= ").append(Numbers.format(alpha))
                    .append(", shift ").append(Numbers.signed(t.shift())).append(unit)
                    .append(" [").append(Numbers.format(t.lower())).append(", ")
                    .append(Numbers.format(t.upper())).append("]")
                    .append(", ratio ").append(Numbers.format(meanRatio));
            if (settings.effectSize() == EffectSizeMeasure.CLES) {
                text.append(", cles ").append(Numbers.format(cles));
            }
            text.append(", n=").append(canary.kept()).append('/').append(baseline.kept()).append(')');
        } else {
            text.append(" (n=").append(canary.kept()).append('/').append(baseline.kept()).append(')');
        }
        if (!reason.isEmpty()) {
            text.append(": ").append(reason);
        }
        if (canary.changed()) {
            text.append("; canary: ").append(canary.describe());
        }
        if (baseline.changed()) {
            text.append("; baseline: ").append(baseline.describe());
        }
        return text.toString();
    }
}
