package dev.rollout.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Providers are called off the scheduler thread, in parallel, and a stuck one stalls nobody else.
 * The providers here are fakes that live in virtual time (they answer when the test says so), so
 * the scheduler tracks nothing and their timeouts run on virtual time; with real providers the
 * clock waits for them ({@code RealProvidersOnVirtualTimeTest}).
 */
class AnalysisConcurrencyTest {
    private final VirtualScheduler scheduler = VirtualScheduler.ignoringExternalWork(new dev.rollout.api.MockClock());
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> callers = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<MetricValue>> pending = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.Semaphore started = new java.util.concurrent.Semaphore(0);

    @AfterEach
    void cleanUp() {
        release.countDown();
        pool.shutdownNow();
    }

    /** Blocks the calling thread until released: a provider that breaks the non-blocking rule. */
    private final MetricProvider blocking = new MetricProvider() {
        @Override
        public String type() {
            return "blocking";
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            callers.add(Thread.currentThread());
            started.release();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CompletableFuture.completedFuture(new MetricValue.Scalar(1));
        }
    };

    /** Answers only when the test completes the future. */
    private final MetricProvider manual = new MetricProvider() {
        @Override
        public String type() {
            return "manual";
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            CompletableFuture<MetricValue> f = new CompletableFuture<>();
            pending.add(f);
            started.release();
            return f;
        }
    };

    private DefaultAnalysisLauncher launcher(AnalysisTemplate... templates) {
        return DefaultAnalysisLauncher.builder().scheduler(scheduler).templates(TemplateRegistry.of(templates))
                .provider(blocking, manual)
                .scriptedMetrics(ScriptedMetrics.of(Map.of("quick", List.of(ScriptedValue.scalar(0.01)))))
                .conditionCompiler(Conditions::compile).providerExecutor(pool).build();
    }

    private static AnalysisRunRequest request(String rollout, String template) {
        return new AnalysisRunRequest(rollout, "ns", "r1", rollout + "-run", AnalysisRef.of(template), Map.of(), e -> { });
    }

    @Test
    void aStuckProviderDoesNotStallOtherRunsNorTheSchedulerThread() throws Exception {
        DefaultAnalysisLauncher launcher = launcher(
                AnalysisTemplate.of("stuck", List.of(), List.of(Metric.builder("stuck", "blocking", Map.of()).build())),
                AnalysisTemplate.of("fine", List.of(), List.of(Metric.builder("quick", "web", Map.of())
                        .successCondition("result < 0.05").build())));
        AnalysisRun stuck = launcher.start(request("ns/a", "stuck"), s -> { });
        AnalysisRun fine = launcher.start(request("ns/b", "fine"), s -> { });
        scheduler.runDue();
        while (!fine.status().phase().isCompleted()) {
            assertThat(scheduler.awaitDue(Duration.ofSeconds(10))).as("result arrived").isTrue();
            scheduler.runDue();
        }
        assertThat(fine.status().phase()).isEqualTo(AnalysisPhase.Successful);
        assertThat(stuck.status().phase()).isEqualTo(AnalysisPhase.Running);
        // The stuck provider is entered on a pool thread, maybe only after the other run ended.
        assertThat(started.tryAcquire(10, TimeUnit.SECONDS)).as("stuck provider entered").isTrue();
        assertThat(callers).singleElement().isNotSameAs(Thread.currentThread());
        // the stuck measurement times out on virtual time, as an Error, while its provider is still blocked
        scheduler.advance(Duration.ofSeconds(30));
        List<Measurement> measurements = stuck.status().metrics().get(0).measurements();
        assertThat(measurements.get(0).phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(measurements.get(0).message()).contains("timed out");
    }

    @Test
    void theMetricsOfARunAreMeasuredInParallel() throws Exception {
        DefaultAnalysisLauncher launcher = launcher(AnalysisTemplate.of("three", List.of(), List.of(
                Metric.builder("a", "manual", Map.of()).build(),
                Metric.builder("b", "manual", Map.of()).build(),
                Metric.builder("c", "manual", Map.of()).build())));
        AnalysisRun run = launcher.start(request("ns/p", "three"), s -> { });
        scheduler.runDue();
        assertThat(started.tryAcquire(3, 10, TimeUnit.SECONDS)).as("three measurements in flight").isTrue();
        assertThat(pending).hasSize(3);
        assertThat(run.status().metrics()).allSatisfy(m -> assertThat(m.phase()).isEqualTo(AnalysisPhase.Running));
        pending.forEach(f -> f.complete(new MetricValue.Scalar(1)));
        while (!run.status().phase().isCompleted()) {
            assertThat(scheduler.awaitDue(Duration.ofSeconds(10))).isTrue();
            scheduler.runDue();
        }
        assertThat(run.status().phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @Test
    void aBurstOfBlockingProvidersUsesNoMoreThreadsThanTheBound() throws Exception {
        ExecutorService bounded = DefaultAnalysisLauncher.newProviderExecutor(3, 100);
        try {
            List<Metric> metrics = java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> Metric.builder("m" + i, "blocking", Map.of()).build()).toList();
            DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                    .templates(TemplateRegistry.of(AnalysisTemplate.of("burst", List.of(), metrics)))
                    .provider(blocking).providerExecutor(bounded).build();
            AnalysisRun run = launcher.start(request("ns/burst", "burst"), s -> { });
            scheduler.runDue();
            // all ten measurements were handed to the pool during runDue; three threads took them
            assertThat(started.tryAcquire(3, 10, TimeUnit.SECONDS)).as("three providers entered").isTrue();
            java.util.concurrent.ThreadPoolExecutor pool3 = (java.util.concurrent.ThreadPoolExecutor) bounded;
            assertThat(pool3.getLargestPoolSize()).isEqualTo(3);
            assertThat(pool3.getQueue()).hasSize(7);
            assertThat(callers).hasSize(3).allSatisfy(t -> {
                assertThat(t.getName()).matches("rollout-provider-\\d+");
                assertThat(t.isDaemon()).isTrue();
            });
            // the queued ones time out on virtual time like the stuck ones; none needs a thread for it
            scheduler.advance(Duration.ofSeconds(30));
            assertThat(run.status().metrics()).allSatisfy(m ->
                    assertThat(m.measurements().get(0).phase()).isEqualTo(AnalysisPhase.Error));
            assertThat(pool3.getLargestPoolSize()).isEqualTo(3);
        } finally {
            release.countDown();
            bounded.shutdownNow();
        }
    }

    @Test
    void aFullProviderPoolRejectsWithAClearMessage() {
        ExecutorService bounded = DefaultAnalysisLauncher.newProviderExecutor(1, 1);
        CountDownLatch hold = new CountDownLatch(1);
        Runnable blocked = () -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            bounded.execute(blocked);
            bounded.execute(blocked);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bounded.execute(blocked))
                    .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                    .hasMessage("all 1 provider threads are busy and 1 measurements are queued");
        } finally {
            hold.countDown();
            bounded.shutdownNow();
        }
    }
}
