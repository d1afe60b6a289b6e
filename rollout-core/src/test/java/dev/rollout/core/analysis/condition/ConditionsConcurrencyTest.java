package dev.rollout.core.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One compiled condition shared by many threads gives each thread the answer for its own result. */
class ConditionsConcurrencyTest {

    private static final int THREADS = 8;
    private static final int EVALUATIONS = 20_000;

    @Test
    void compiledConditionIsSafeToEvaluateConcurrently() throws Exception {
        Condition condition = Conditions.compile(
                "len(result) == 0 || all(result, {# >= 0.95}) && default(result[0], 0) >= 0.95");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> mismatches = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                Callable<Integer> task = () -> {
                    start.await();
                    int wrong = 0;
                    for (int i = 0; i < EVALUATIONS; i++) {
                        // Each thread alternates passing, failing and empty vectors of its own.
                        int kind = (i + seed) % 3;
                        List<Object> result = kind == 0 ? List.of(0.99, 0.97)
                                : kind == 1 ? List.of(0.99, 0.5) : List.of();
                        boolean expected = kind != 1;
                        if (!Boolean.valueOf(expected).equals(condition.evaluate(result))) {
                            wrong++;
                        }
                    }
                    return wrong;
                };
                mismatches.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Integer> future : mismatches) {
                assertThat(future.get(30, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
