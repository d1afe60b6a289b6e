package dev.rollout.examples.bench;

import dev.rollout.core.analysis.condition.Condition;
import dev.rollout.core.analysis.condition.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures single-thread throughput of compiled analysis conditions: warms up, then times several
 * rounds per expression and prints the median and best evaluations per second.
 *
 * <p>Run: {@code java -cp rollout-core/target/classes:rollout-api/target/classes:rollout-examples/target/classes
 * dev.rollout.examples.bench.ConditionBenchmark [roundMillis]}
 */
public final class ConditionBenchmark {

    private static final int ROUNDS = 7;
    private static final int BATCH = 10_000;

    private ConditionBenchmark() {
    }

    /** A benchmark case: an expression and the results it is evaluated on, in turn. */
    private record Case(String expression, Object[] results) {
    }

    /** Runs the benchmark; the optional argument is the length of one timed round in milliseconds. */
    public static void main(String[] args) {
        long roundNanos = (args.length > 0 ? Long.parseLong(args[0]) : 1000L) * 1_000_000L;
        List<Case> cases = List.of(
                new Case("result[0] >= 0.95", new Object[] {List.of(0.97), List.of(0.90)}),
                new Case("result < 0.01", new Object[] {0.005, 0.5}),
                new Case("default(result, 0) < 0.05", new Object[] {null, 0.5}),
                new Case("len(result) == 0 || result[0] >= 0.95", new Object[] {List.of(), List.of(0.97), List.of(0.5)}));
        System.out.printf(Locale.ROOT, "java %s, %s, 1 thread, %d rounds of %d ms after warm-up%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"), ROUNDS, roundNanos / 1_000_000);
        long checksum = 0;
        for (Case c : cases) {
            Condition condition = Conditions.compile(c.expression());
            checksum += run(condition, c.results(), roundNanos * 2); // warm-up, not reported
            List<Double> rates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                long start = System.nanoTime();
                long evaluations = 0;
                while (System.nanoTime() - start < roundNanos) {
                    checksum += batch(condition, c.results());
                    evaluations += BATCH;
                }
                rates.add(evaluations / ((System.nanoTime() - start) / 1e9));
            }
            double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%-42s median %,14.0f evals/s   best %,14.0f evals/s%n",
                    c.expression(), sorted[sorted.length / 2], sorted[sorted.length - 1]);
        }
        // Printing the checksum keeps the JIT from discarding the evaluations as dead code.
        System.out.println("checksum " + checksum);
    }

    private static long run(Condition condition, Object[] results, long nanos) {
        long start = System.nanoTime();
        long sum = 0;
        while (System.nanoTime() - start < nanos) {
            sum += batch(condition, results);
        }
        return sum;
    }

    private static long batch(Condition condition, Object[] results) {
        long trues = 0;
        int n = results.length;
        for (int i = 0; i < BATCH; i++) {
            if (condition.evaluate(results[i % n]) == Boolean.TRUE) {
                trues++;
            }
        }
        return trues;
    }
}
