package dev.rollout.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JudgeTest {
    private static final MetricSettings LATENCY = MetricSettings.builder().direction(Direction.INCREASE)
            .unit("ms").build();

    /** 200 latencies around {@code mean} ms with 3 ms of noise, from a fixed seed. */
    private static double[] latencies(long seed, double mean) {
        Random random = new Random(seed);
        double[] values = new double[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = mean + 3 * random.nextGaussian();
        }
        return values;
    }

    @Test
    void aThreePercentLatencyShiftIsHighWithItsStatisticsInTheMessage() {
        MetricVerdict v = Judge.classify("latency", LATENCY, latencies(1, 100), latencies(2, 103));

        assertThat(v.classification()).isEqualTo(Classification.HIGH);
        MannWhitneyResult t = v.test().orElseThrow();
        assertThat(t.pValue()).isLessThan(0.02);
        assertThat(t.lower()).isGreaterThan(0.25 * t.shift());
        assertThat(t.shift()).isBetween(2.0, 4.0);
        assertThat(t.canarySize()).isEqualTo(200);
        assertThat(v.meanRatio()).isBetween(1.02, 1.04);
        assertThat(v.message()).startsWith("latency: High (p=").contains(" < 0.02, shift +")
                .contains(" ms [").contains("ratio 1.0").contains("n=200/200");
    }

    @Test
    void anUnchangedCanaryPasses() {
        MetricVerdict v = Judge.classify("latency", LATENCY, latencies(1, 100), latencies(2, 100));

        assertThat(v.classification()).isEqualTo(Classification.PASS);
        assertThat(v.message()).startsWith("latency: Pass (p=").contains(">= 0.02");
    }

    @Test
    void theDirectionDecidesWhichChangeFails() {
        double[] baseline = latencies(1, 100);
        double[] higher = latencies(2, 103);
        double[] lower = latencies(2, 97);
        MetricSettings decrease = MetricSettings.builder().direction(Direction.DECREASE).build();
        MetricSettings either = MetricSettings.defaults();

        assertThat(Judge.classify("m", decrease, baseline, higher).classification()).isEqualTo(Classification.PASS);
        assertThat(Judge.classify("m", decrease, baseline, lower).classification()).isEqualTo(Classification.LOW);
        assertThat(Judge.classify("m", LATENCY, baseline, lower).classification()).isEqualTo(Classification.PASS);
        assertThat(Judge.classify("m", either, baseline, lower).classification()).isEqualTo(Classification.LOW);
        assertThat(Judge.classify("m", decrease, baseline, higher).reason()).contains("direction is decrease");
    }

    @Test
    void theToleranceAndTheAllowedEffectSizeHoldBackSmallChanges() {
        double[] baseline = latencies(1, 100);
        double[] higher = latencies(2, 103);
        MetricSettings wide = MetricSettings.builder().tolerance(0.9).build();
        MetricSettings allowed = MetricSettings.builder().allowedIncrease(1.05).build();
        MetricSettings cles = MetricSettings.builder().effectSize(EffectSizeMeasure.CLES).allowedIncrease(0.9).build();

        assertThat(Judge.classify("m", wide, baseline, higher).classification()).isEqualTo(Classification.PASS);
        assertThat(Judge.classify("m", allowed, baseline, higher).classification()).isEqualTo(Classification.PASS);
        MetricVerdict byCles = Judge.classify("m", cles, baseline, higher);
        assertThat(byCles.classification()).isEqualTo(Classification.PASS);
        assertThat(byCles.effectSize()).isEqualTo(byCles.cles()).isBetween(0.7, 0.9);
    }

    @Test
    void theConfidenceIsASetting() {
        MetricVerdict at98 = Judge.classify("m", MetricSettings.defaults(), latencies(1, 100), latencies(2, 100.6));
        MetricVerdict at80 = Judge.classify("m", MetricSettings.builder().confidence(0.8).build(),
                latencies(1, 100), latencies(2, 100.6));

        double width98 = at98.test().orElseThrow().upper() - at98.test().orElseThrow().lower();
        double width80 = at80.test().orElseThrow().upper() - at80.test().orElseThrow().lower();
        assertThat(width80).isLessThan(width98);
        assertThat(at80.message()).contains("0.2");
    }

    @Test
    void identicalAndAllEqualSeriesPassWithoutATest() {
        double[] same = {1, 2, 3, 4};
        MetricVerdict identical = Judge.classify("m", LATENCY, same, new double[] {4, 3, 2, 1});
        MetricVerdict constant = Judge.classify("m", LATENCY, new double[] {5, 5, 5}, new double[] {5, 5});

        assertThat(identical.classification()).isEqualTo(Classification.PASS);
        assertThat(identical.test()).isEmpty();
        assertThat(identical.reason()).isEqualTo("the canary and baseline data are identical");
        assertThat(constant.classification()).isEqualTo(Classification.PASS);
        assertThat(constant.reason()).isEqualTo("every value is 5");
    }

    @Test
    void twoDifferentConstantsAreJudgedDeterministicallyOnTheirGap() {
        double[] baseline = new double[30];
        double[] canary = new double[30];
        java.util.Arrays.fill(baseline, 10);
        java.util.Arrays.fill(canary, 12);

        MetricVerdict v = Judge.classify("m", LATENCY, baseline, canary);

        assertThat(v.classification()).isEqualTo(Classification.HIGH);
        assertThat(v.test().orElseThrow().shift()).isEqualTo(2.0);
        assertThat(v.test().orElseThrow().lower()).isEqualTo(2.0);
        assertThat(v.test().orElseThrow().upper()).isEqualTo(2.0);
    }

    @Test
    void noDataIsNodataOrAFailureAsTheSettingsSay() {
        double[] nothing = {Double.NaN, Double.NaN};
        double[] some = {1, 2, 3};

        assertThat(Judge.classify("m", MetricSettings.defaults(), some, nothing).classification())
                .isEqualTo(Classification.NODATA);
        MetricVerdict required = Judge.classify("m", MetricSettings.builder().mustHaveData(true).build(), some, nothing);
        assertThat(required.classification()).isEqualTo(Classification.NODATA_FAIL);
        assertThat(required.message()).contains("no canary data").contains("canary: 2 NaN removed");
        MetricVerdict critical = Judge.classify("m", MetricSettings.builder().critical(true).mustHaveData(true).build(),
                nothing, some);
        assertThat(critical.classification()).isEqualTo(Classification.NODATA);
        assertThat(critical.criticalFailure()).isTrue();
        assertThat(Judge.classify("m", MetricSettings.builder().nanStrategy(NanStrategy.replace(0)).build(),
                some, new double[0]).classification()).isEqualTo(Classification.PASS);
    }

    @Test
    void nanValuesAreRemovedOrReplacedAndReported() {
        double[] baseline = {1, 2, 3, 4, 5, Double.NaN};
        double[] canary = {1, 2, 3, 4, Double.NaN, Double.POSITIVE_INFINITY};

        MetricVerdict removed = Judge.classify("m", MetricSettings.defaults(), baseline, canary);
        MetricVerdict replaced = Judge.classify("m", MetricSettings.builder().nanStrategy(NanStrategy.replace(0)).build(),
                baseline, canary);

        assertThat(removed.canary().kept()).isEqualTo(4);
        assertThat(removed.canary().nonFiniteRemoved()).isEqualTo(2);
        assertThat(removed.baseline().nonFiniteRemoved()).isEqualTo(1);
        assertThat(replaced.canary().kept()).isEqualTo(6);
        assertThat(replaced.canary().nonFiniteReplaced()).isEqualTo(2);
        assertThat(replaced.message()).contains("canary: 2 NaN replaced");
    }

    @Test
    void outliersOutsideTheFencesAreRemovedAndReported() {
        double[] baseline = latencies(1, 100);
        double[] canary = latencies(2, 100);
        canary[0] = 10_000;
        canary[1] = -10_000;

        MetricVerdict v = Judge.classify("m", MetricSettings.builder().outliers(new OutlierRemoval(1.5, false)).build(),
                baseline, canary);

        assertThat(v.canary().outliersRemoved()).isGreaterThanOrEqualTo(2);
        assertThat(v.canary().upperFence()).isBetween(100.0, 120.0);
        assertThat(v.canary().kept()).isEqualTo(200 - v.canary().outliersRemoved());
        assertThat(v.message()).contains("outliers outside [");
        assertThat(new OutlierRemoval(1.5, true)).isNotNull();
        assertThatThrownBy(() -> new OutlierRemoval(0, false)).hasMessageContaining("positive");
    }

    @Test
    void aCriticalMetricsFailureScoresZero() {
        MetricSettings critical = MetricSettings.builder().direction(Direction.INCREASE).critical(true).build();
        MetricVerdict bad = Judge.classify("latency", critical, latencies(1, 100), latencies(2, 103));
        MetricVerdict good = Judge.classify("errors", MetricSettings.defaults(), latencies(3, 100), latencies(4, 100));

        CanaryScore score = Scoring.score(List.of(bad, good), ScoreSettings.defaults());

        assertThat(bad.criticalFailure()).isTrue();
        assertThat(score.score()).isZero();
        assertThat(score.outcome()).isEqualTo(ScoreOutcome.FAIL);
        assertThat(score.reason()).isEqualTo("critical metric latency is High");
        MetricSettings notThatCritical = MetricSettings.builder().critical(true).criticalIncrease(1.5).build();
        assertThat(Judge.classify("latency", notThatCritical, latencies(1, 100), latencies(2, 103)).criticalFailure())
                .isFalse();
    }

    @Test
    void groupScoresAreWeightedAndMutedMetricsLeftOut() {
        MetricVerdict high = Judge.classify("latency", MetricSettings.builder().group("perf").build(),
                latencies(1, 100), latencies(2, 103));
        MetricVerdict pass = Judge.classify("cpu", MetricSettings.builder().group("perf").build(),
                latencies(3, 100), latencies(4, 100));
        MetricVerdict errors = Judge.classify("errors", MetricSettings.builder().group("errors").build(),
                latencies(5, 100), latencies(6, 100));
        MetricVerdict muted = Judge.classify("noise", MetricSettings.builder().group("errors").muted(true).build(),
                latencies(1, 100), latencies(2, 103));

        CanaryScore even = Scoring.score(List.of(high, pass, errors, muted), ScoreSettings.defaults());
        CanaryScore weighted = Scoring.score(List.of(high, pass, errors, muted),
                new ScoreSettings(95, 60, Map.of("perf", 20.0)));

        assertThat(even.groupScores()).containsEntry("perf", 50.0).containsEntry("errors", 100.0);
        assertThat(even.score()).isEqualTo(75.0);
        assertThat(even.outcome()).isEqualTo(ScoreOutcome.MARGINAL);
        assertThat(weighted.score()).isEqualTo(90.0);
        assertThat(weighted.metrics()).hasSize(4);
        assertThat(weighted.message(weighted.score() >= 95 ? ScoreSettings.defaults() : new ScoreSettings(95, 60, Map.of())))
                .startsWith("score 90 (Marginal, below pass 95, at or above marginal 60)").contains("[muted]");
    }

    @Test
    void nodataOnHalfTheMetricsFailsTheCanary() {
        MetricVerdict none = Judge.classify("a", MetricSettings.defaults(), new double[0], new double[] {1});
        MetricVerdict pass = Judge.classify("b", MetricSettings.defaults(), new double[] {1, 2}, new double[] {1, 2});

        CanaryScore score = Scoring.score(List.of(none, pass), ScoreSettings.defaults());

        assertThat(score.score()).isZero();
        assertThat(score.reason()).contains("1 of 2 metrics have no data");
    }

    @Test
    void aMultiIntervalRunFailsFastBelowMarginalAndEndsOnItsLastInterval() {
        ScoreSettings thresholds = ScoreSettings.defaults();
        CanaryScore pass = new CanaryScore(100, ScoreOutcome.PASS, Map.of(), "", List.of());
        CanaryScore marginal = new CanaryScore(80, ScoreOutcome.MARGINAL, Map.of(), "", List.of());
        CanaryScore fail = new CanaryScore(10, ScoreOutcome.FAIL, Map.of(), "", List.of());

        IntervalRun run = IntervalRun.start(3, thresholds).next(marginal);
        assertThat(run.state()).isEqualTo(IntervalRun.State.RUNNING);
        IntervalRun failed = run.next(fail);
        assertThat(failed.state()).isEqualTo(IntervalRun.State.FAILED);
        assertThatThrownBy(() -> failed.next(pass)).isInstanceOf(IllegalStateException.class);
        assertThat(run.next(pass).next(pass).state()).isEqualTo(IntervalRun.State.PASSED);
        assertThat(run.next(pass).next(marginal).state()).isEqualTo(IntervalRun.State.MARGINAL);
    }
}
