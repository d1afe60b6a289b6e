package dev.rollout.core.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.core.judge.MannWhitney;
import dev.rollout.core.judge.MannWhitneyResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The selection must give the very doubles a sort of all n·m differences gives (compared bit for
 * bit, -0.0 given as 0.0), on both of its paths: the in-place selection over copied differences and
 * the sampled rounds, which the tests force on small samples with tiny thresholds.
 */
class ShiftSelectorTest {
    private static final Path FIXTURE = Path.of("src/test/fixtures/judge/mann-whitney-reference.json");

    @Test
    void equalsASortOfAllDifferencesOnSeededSmallSamples() {
        for (int seed = 0; seed < 600; seed++) {
            Random random = new Random(seed);
            double[] x = sample(random, size(random), seed % 7);
            double[] y = sample(random, size(random), (seed / 7) % 7);
            double[] all = bruteForce(x, y);
            String id = "seed " + seed + " x=" + Arrays.toString(x) + " y=" + Arrays.toString(y);
            long total = all.length;
            long[] every = new long[(int) total];
            for (int k = 1; k <= total; k++) {
                every[k - 1] = k;
            }
            // In place over the copied differences, every rank at once, then through the rounds.
            assertSame(id + " direct", ShiftSelector.select(x, y, every, ShiftSelector.DIRECT, ShiftSelector.SAMPLE), all, every);
            assertSame(id + " rounds, consecutive ranks", ShiftSelector.select(x, y, every, 1, 5), all, every);
            long[] some = new long[12];
            for (int i = 0; i < some.length; i++) {
                some[i] = 1 + (long) random.nextInt((int) total);
            }
            some[0] = 1;
            some[1] = total;
            for (long k : some) {
                for (int direct : new int[] {1, 3, 16}) {
                    for (int sample : new int[] {1, 2, 7, 40}) {
                        assertSame(id + " rounds (direct " + direct + ", sample " + sample + ")",
                                ShiftSelector.select(x, y, new long[] {k}, direct, sample), all, new long[] {k});
                    }
                }
            }
            assertSame(id + " rounds, scattered ranks", ShiftSelector.select(x, y, some, 2, 9), all, some);
            long k = 1 + random.nextInt((int) ((total + 1) / 2));
            double[] ends = ShiftSelector.intervalAndMedian(x, y, k);
            assertBits(id + " lower", ends[0], all[(int) k - 1]);
            assertBits(id + " median", ends[1], median(all));
            assertBits(id + " upper", ends[2], all[(int) (total - k)]);
            assertBits(id + " median()", ShiftSelector.median(x, y), median(all));
        }
    }

    @Test
    void equalsASortOfAllDifferencesOnSamplesLargeEnoughForTheRounds() {
        for (int seed = 0; seed < 12; seed++) {
            Random random = new Random(1000 + seed);
            double[] x = sample(random, 100 + random.nextInt(300), seed % 7);
            double[] y = sample(random, 50 + random.nextInt(350), (seed + 3) % 7);
            double[] all = bruteForce(x, y);
            String id = "seed " + seed + " n=" + x.length + " m=" + y.length;
            long total = all.length;
            assertThat(total).as(id + " takes the sampled rounds").isGreaterThan(ShiftSelector.DIRECT);
            for (long k : new long[] {1, 2, total / 3, total / 2, total / 2 + 1, total - 1, total,
                    1 + random.nextInt((int) total)}) {
                assertBits(id + " k=" + k, ShiftSelector.kth(x, y, k), all[(int) k - 1]);
            }
            long k = 1 + random.nextInt((int) ((total + 1) / 2));
            double[] ends = ShiftSelector.intervalAndMedian(x, y, k);
            assertBits(id + " lower", ends[0], all[(int) k - 1]);
            assertBits(id + " median", ends[1], median(all));
            assertBits(id + " upper", ends[2], all[(int) (total - k)]);
        }
    }

    /** Sizes as large as 5,000 per side: the bisection it replaced is the oracle, bit for bit. */
    @Test
    void equalsTheBisectionItReplacedOnTheReferenceFixture() throws Exception {
        JsonNode root = new ObjectMapper().readTree(FIXTURE.toFile());
        int compared = 0;
        for (JsonNode c : root.get("cases")) {
            double[] x = finite(c.get("x"));
            double[] y = finite(c.get("y"));
            String id = "case " + c.get("id").asInt() + " (" + c.get("kind").asText() + ", n=" + x.length + ", m=" + y.length + ")";
            MannWhitneyResult r = MannWhitney.test(x, y, c.get("confidence").asDouble());
            Arrays.sort(x);
            Arrays.sort(y);
            long total = (long) x.length * y.length;
            Random random = new Random(c.get("id").asInt());
            long[] ranks = {1, total, total / 100 + 1, total / 40 + 1, total / 2, total / 2 + 1,
                    total - total / 40, 1 + (long) (random.nextDouble() * total)};
            for (long k : ranks) {
                assertBits(id + " k=" + k, ShiftSelector.kth(x, y, k), BisectionShiftSelector.kth(x, y, k));
            }
            long k = Math.min(ranks[3], (total + 1) / 2);
            double[] ends = ShiftSelector.intervalAndMedian(x, y, k);
            assertBits(id + " lower", ends[0], BisectionShiftSelector.kth(x, y, k));
            assertBits(id + " upper", ends[2], BisectionShiftSelector.kth(x, y, total + 1 - k));
            assertBits(id + " shift of the test", r.shift(), BisectionShiftSelector.median(x, y));
            compared++;
        }
        assertThat(compared).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aRankOutsideTheDifferencesIsRefused() {
        double[] x = {1, 2};
        double[] y = {3};
        assertThatThrownBy(() -> ShiftSelector.kth(x, y, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k must be in [1, 2], was 0");
        assertThatThrownBy(() -> ShiftSelector.kth(x, y, 3)).hasMessage("k must be in [1, 2], was 3");
    }

    @Test
    void selectInPlaceLeavesSmallerValuesBeforeAndLargerAfter() {
        Random random = new Random(5);
        double[] a = new double[500];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt(40) - 20;
        }
        double[] sorted = a.clone();
        Arrays.sort(sorted);
        ShiftSelector.selectInPlace(a, 0, a.length, 321, new ShiftSelector.SplitMix());
        assertThat(a[321]).isEqualTo(sorted[321]);
        for (int i = 0; i < a.length; i++) {
            assertThat(i < 321 ? a[i] <= a[321] : a[i] >= a[321]).as("position " + i).isTrue();
        }
    }

    /** Sizes 1 to 30, one in five being 1 or 2. */
    private static int size(Random random) {
        return random.nextInt(5) == 0 ? 1 + random.nextInt(2) : 1 + random.nextInt(30);
    }

    /** Seven shapes: continuous, heavy ties, constant, signed zeros, huge (infinite differences). */
    private static double[] sample(Random random, int size, int shape) {
        DoubleSupplier next = switch (shape) {
            case 0 -> () -> 50 + 10 * random.nextGaussian();
            case 1 -> () -> random.nextInt(4);
            case 2 -> () -> 7.5;
            case 3 -> () -> random.nextBoolean() ? 0.0 : -0.0;
            case 4 -> () -> -1e-3 * random.nextInt(5) + (random.nextBoolean() ? 0.0 : -0.0);
            case 5 -> () -> (random.nextBoolean() ? 1 : -1) * Double.MAX_VALUE * random.nextDouble();
            default -> () -> Math.scalb(random.nextGaussian(), random.nextInt(40) - 20);
        };
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = next.getAsDouble();
        }
        Arrays.sort(values);
        return values;
    }

    private static double[] bruteForce(double[] x, double[] y) {
        double[] all = new double[x.length * y.length];
        int t = 0;
        for (double xi : x) {
            for (double yj : y) {
                all[t++] = xi - yj + 0.0;
            }
        }
        Arrays.sort(all);
        return all;
    }

    private static double median(double[] sorted) {
        int total = sorted.length;
        if (total % 2 == 1) {
            return sorted[total / 2];
        }
        double a = sorted[total / 2 - 1];
        double b = sorted[total / 2];
        return a + (b - a) / 2;
    }

    private static void assertSame(String what, double[] actual, double[] sortedAll, long[] ranks) {
        for (int i = 0; i < ranks.length; i++) {
            assertBits(what + " k=" + ranks[i], actual[i], sortedAll[(int) ranks[i] - 1]);
        }
    }

    private static void assertBits(String what, double actual, double expected) {
        // Bit patterns: 0.0 and -0.0 differ, and all NaNs (a median of -inf and inf) are one.
        assertThat(Double.doubleToLongBits(actual)).as(what + ": " + actual + " vs " + expected)
                .isEqualTo(Double.doubleToLongBits(expected));
    }

    private static double[] finite(JsonNode values) {
        List<Double> kept = new ArrayList<>();
        values.forEach(v -> {
            if (!v.isNull()) {
                kept.add(v.asDouble());
            }
        });
        return kept.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
