package dev.rollout.examples.bench;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs many canary rollouts at once (default 10,000; 8 steps with pauses) on the embedded cluster
 * in virtual time, and prints completed rollouts per second of wall time, the heap each live
 * rollout holds (all of them live at once, after GC) and the threads the engine ran on. Run with
 * {@code java -Xmx512m -cp rollout.jar dev.rollout.examples.bench.EngineBenchmark [rollouts]}.
 */
public final class EngineBenchmark {
    private EngineBenchmark() {
    }

    /** Runs the benchmark; the optional argument is the number of rollouts. */
    public static void main(String[] args) {
        // The engine logs every step at INFO; a benchmark of 10,000 rollouts wants warnings only.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        VirtualScheduler scheduler = new VirtualScheduler();
        EmbeddedCluster cluster = EmbeddedCluster.builder().name("bench").clock(scheduler.clock())
                .defaultReadyDelay(Duration.ofSeconds(10)).build();
        for (int i = 0; i < count; i++) {
            cluster.deploy(new WorkloadRef("bench", "app-" + i), Revision.of("v1"), 10);
        }
        AtomicInteger promoted = new AtomicInteger();
        Set<String> engineThreads = ConcurrentHashMap.newKeySet();
        Map<Thread, Boolean> seen = new ConcurrentHashMap<>();
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .listener(event -> {
                    if (seen.putIfAbsent(Thread.currentThread(), Boolean.TRUE) == null) {
                        engineThreads.add(Thread.currentThread().getName());
                    }
                    if (event instanceof RolloutEvent.Promoted) {
                        promoted.incrementAndGet();
                    }
                }).build();
        CanaryStrategy strategy = CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(10), CanaryStep.Pause.of(Duration.ofMinutes(1)),
                new CanaryStep.SetWeight(25), CanaryStep.Pause.of(Duration.ofMinutes(2)),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(5)),
                new CanaryStep.SetWeight(75), CanaryStep.Pause.of(Duration.ofMinutes(5))));
        int threadsBefore = Thread.activeCount();
        java.time.Instant virtualStart = scheduler.clock().instant();
        long baseline = usedHeapAfterGc();

        long startNanos = System.nanoTime();
        for (int i = 0; i < count; i++) {
            RolloutSpec spec = new RolloutSpec("app-" + i, "bench", 10, strategy,
                    RolloutSpec.DEFAULT_PROGRESS_DEADLINE_SECONDS, false, Map.of());
            engine.start(spec, "bench", Revision.of("v2"));
        }
        long startedNanos = System.nanoTime();
        // Thirty virtual seconds: every rollout has its first canary pods up and sits in its first pause.
        scheduler.advance(Duration.ofSeconds(30));
        long pauseNanos = System.nanoTime();
        long live = engine.list().stream().filter(s -> !s.phase().isTerminal()).count();
        long paused = engine.list().stream().filter(s -> s.phase() == RolloutPhase.Paused).count();
        long liveHeap = usedHeapAfterGc();
        long resumeNanos = System.nanoTime();

        long tasks = scheduler.runUntilIdle(Duration.ofDays(1));
        long endNanos = System.nanoTime();
        long healthy = engine.list().stream().map(RolloutStatus::phase)
                .filter(p -> p == RolloutPhase.Healthy).count();
        double wallSeconds = ((pauseNanos - startNanos) + (endNanos - resumeNanos)) / 1e9;

        print("rollouts", count);
        print("steps per rollout", strategy.steps().size());
        print("started in (wall ms)", (startedNanos - startNanos) / 1_000_000);
        print("live at once (paused at step 1)", live + " (" + paused + " paused)");
        print("heap per live rollout (bytes, after GC)", (liveHeap - baseline) / Math.max(1, live));
        print("heap used with all live (MB)", liveHeap / (1024 * 1024));
        print("max heap (MB)", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        print("healthy at the end", healthy + " (" + promoted.get() + " Promoted events)");
        print("virtual time elapsed", Duration.between(virtualStart, scheduler.clock().instant()));
        print("scheduler tasks run", tasks);
        print("wall time (s)", String.format("%.2f", wallSeconds));
        print("completed rollouts/s (wall)", String.format("%.0f", healthy / wallSeconds));
        print("engine threads used", engineThreads.size() + " " + engineThreads);
        print("JVM threads added by the engine", Math.max(0, Thread.activeCount() - threadsBefore));
        engine.close();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @SuppressWarnings("java:S106")
    private static void print(String what, Object value) {
        System.out.printf("%-42s %s%n", what, value);
    }
}
