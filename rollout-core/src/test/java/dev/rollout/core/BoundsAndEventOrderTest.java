package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Clock;
import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.IntOrPercent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.core.analysis.AnalysisLauncher;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import dev.rollout.core.canary.CanaryReplicaMath;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.ExecutorScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Many basic canaries on an {@link ExecutorScheduler} with several threads, and random operator
 * actions from several more (abort, retry, undo, promote, promote-full, pause, resume, a newer
 * revision superseding the one in flight): at every
 * cluster write each workload runs at most R + maxSurge pods with at least R − maxUnavailable
 * available (Argo's bounds for a canary without traffic routing), and each rollout's events,
 * analysis events included, reach the listener one at a time in non-decreasing time.
 */
class BoundsAndEventOrderTest {
    private static final int ROLLOUTS = Integer.getInteger("bounds.rollouts", 1000);
    private static final int ACTIONS = ROLLOUTS * 6;

    @Test
    void boundsHoldInEveryDirectionAndEventsArriveOneAtATimeInOrder() throws Exception {
        EmbeddedCluster embedded = EmbeddedCluster.builder().name("bounded").build();
        BoundsCheck cluster = new BoundsCheck(embedded);
        Map<String, AtomicInteger> delivering = new ConcurrentHashMap<>();
        Map<String, Instant> lastAt = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicLong events = new AtomicLong();
        AtomicLong analysisEvents = new AtomicLong();
        java.util.concurrent.CompletableFuture<Void> analysisRan = new java.util.concurrent.CompletableFuture<>();
        try (ExecutorScheduler scheduler = new ExecutorScheduler(4)) {
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                    .analysisLauncher(new EventfulLauncher(scheduler)).listener(e -> {
                        AtomicInteger in = delivering.computeIfAbsent(e.rolloutId(), k -> new AtomicInteger());
                        if (in.incrementAndGet() > 1) {
                            overlaps.incrementAndGet();
                        }
                        Instant before = lastAt.put(e.rolloutId(), e.at());
                        if (before != null && e.at().isBefore(before)) {
                            outOfOrder.incrementAndGet();
                        }
                        events.incrementAndGet();
                        if (e instanceof RolloutEvent.AnalysisPhaseChanged
                                && analysisEvents.incrementAndGet() > ROLLOUTS / 50) {
                            analysisRan.complete(null);
                        }
                        Thread.yield(); // widens the window another delivery would have to overlap in
                        in.decrementAndGet();
                    }).build();
            List<RolloutHandle> handles = new ArrayList<>();
            List<RolloutSpec> specList = new ArrayList<>();
            SplittableRandom specs = new SplittableRandom(7);
            for (int i = 0; i < ROLLOUTS; i++) {
                int replicas = 4 + specs.nextInt(12);
                RolloutSpec spec = spec("app-" + i, replicas, specs);
                embedded.deploy(new WorkloadRef("default", spec.name()), Revision.of("v1"), replicas);
                cluster.limit(spec);
                handles.add(engine.start(spec, "bounded", Revision.of("v2")));
                specList.add(spec);
            }
            ExecutorService operators = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    SplittableRandom random = new SplittableRandom(100 + t);
                    done.add(operators.submit(() -> {
                        for (int a = 0; a < ACTIONS / 3; a++) {
                            int i = random.nextInt(handles.size());
                            int action = random.nextInt(9);
                            if (action == 8) {
                                // A newer revision supersedes the one in flight.
                                engine.start(specList.get(i), "bounded", Revision.of("v" + (3 + random.nextInt(3))));
                            } else {
                                act(handles.get(i), action);
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                operators.shutdownNow();
            }
            // How far the random actions got depends on the machine's speed: promote a share past
            // their indefinite pause so analysis runs, and give the engine (real time) a bounded wait.
            handles.subList(0, ROLLOUTS / 5).forEach(RolloutHandle::promote);
            try {
                analysisRan.get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Asserted below, with the counts printed.
            }
            engine.close();
        }
        System.out.println("Bounds and event order: " + ROLLOUTS + " rollouts, " + ACTIONS + " actions, "
                + cluster.checks.get() + " writes checked, " + cluster.violations.size() + " bound violations, "
                + events.get() + " events (" + analysisEvents.get() + " from analysis), " + overlaps.get()
                + " overlaps, " + outOfOrder.get() + " out of order");
        assertThat(cluster.violations).as("writes outside R + maxSurge / R - maxUnavailable").isEmpty();
        assertThat(overlaps.get()).as("deliveries of one rollout's events that overlapped").isZero();
        assertThat(outOfOrder.get()).as("events earlier than one delivered before them").isZero();
        // The run exercised what it claims to: many writes, scale-downs and analysis events.
        assertThat(cluster.checks.get()).isGreaterThan(ROLLOUTS * 3L);
        assertThat(cluster.shrinks.get()).isGreaterThan(ROLLOUTS);
        // How many steps the engine gets through during the actions depends on the machine's load
        // (74 to 706 analysis events seen on a busy 2-core machine): the bar is that analysis ran.
        assertThat(analysisEvents.get()).isGreaterThan(ROLLOUTS / 50);
    }

    private static RolloutSpec spec(String name, int replicas, SplittableRandom random) {
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(20 + random.nextInt(30)),
                CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(60 + random.nextInt(40)),
                new CanaryStep.Analysis(AnalysisRef.of("check")), new CanaryStep.SetWeight(10 + random.nextInt(30)),
                CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(90));
        IntOrPercent surge = random.nextBoolean() ? IntOrPercent.percent(25) : IntOrPercent.of(random.nextInt(3));
        IntOrPercent unavailable = surge.value() == 0 ? IntOrPercent.of(1 + random.nextInt(2))
                : IntOrPercent.of(random.nextInt(3));
        return RolloutSpec.of("default", name, replicas, CanaryStrategy.of(steps).withSurge(surge, unavailable));
    }

    private static void act(RolloutHandle h, int action) {
        switch (action) {
            case 0 -> h.abort();
            case 1 -> h.retry();
            case 2 -> h.undo(Revision.of("v1"));
            case 3, 4 -> h.promote();
            case 5 -> h.promoteFull();
            case 6 -> h.pause();
            default -> h.resume();
        }
    }

    /** Checks every write's outcome against the workload's bounds. */
    private static final class BoundsCheck implements ClusterTarget {
        private final EmbeddedCluster cluster;
        private final Map<WorkloadRef, CanaryReplicaMath.Limits> limits = new ConcurrentHashMap<>();
        private final Map<WorkloadRef, Integer> replicas = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicLong checks = new AtomicLong();
        final AtomicLong shrinks = new AtomicLong();

        BoundsCheck(EmbeddedCluster cluster) {
            this.cluster = cluster;
        }

        void limit(RolloutSpec spec) {
            WorkloadRef w = new WorkloadRef(spec.namespace().orElseThrow(), spec.name());
            CanaryStrategy c = (CanaryStrategy) spec.strategy();
            limits.put(w, CanaryReplicaMath.limits(spec.replicas(), c.maxSurge(), c.maxUnavailable()));
            replicas.put(w, spec.replicas());
        }

        private void check(WorkloadRef w, String what) {
            WorkloadState s = cluster.observe(w);
            int total = s.revisions().values().stream().mapToInt(RevisionState::desired).sum();
            int available = s.revisions().values().stream().mapToInt(RevisionState::available).sum();
            int r = replicas.get(w);
            CanaryReplicaMath.Limits l = limits.get(w);
            checks.incrementAndGet();
            if (total > r + l.maxSurge() || available < r - l.maxUnavailable()) {
                violations.add(w.name() + " after " + what + ": " + total + " pods, " + available
                        + " available (R " + r + ", " + l + ")");
            }
        }

        @Override
        public String name() {
            return cluster.name();
        }

        @Override
        public WorkloadState observe(WorkloadRef workload) {
            return cluster.observe(workload);
        }

        @Override
        public void scale(WorkloadRef workload, Revision revision, int n) {
            int before = cluster.observe(workload).revision(revision.id()).map(RevisionState::desired).orElse(0);
            cluster.scale(workload, revision, n);
            if (n < before) {
                shrinks.incrementAndGet();
            }
            check(workload, "scale " + revision.id() + " to " + n);
        }

        @Override
        public void remove(WorkloadRef workload, String revisionId) {
            cluster.remove(workload, revisionId);
            check(workload, "remove " + revisionId);
        }

        @Override
        public void pointService(WorkloadRef workload, String service, String revisionId) {
            cluster.pointService(workload, service, revisionId);
        }

        @Override
        public void markStable(WorkloadRef workload, Revision revision) {
            cluster.markStable(workload, revision);
        }
    }

    /**
     * Analysis whose runs report a phase change from a scheduler thread (the way the real runs
     * do), then succeed a few milliseconds later.
     */
    private static final class EventfulLauncher implements AnalysisLauncher {
        private final Scheduler scheduler;

        EventfulLauncher(Scheduler scheduler) {
            this.scheduler = scheduler;
        }

        @Override
        public AnalysisRun start(AnalysisRunRequest request, Consumer<AnalysisRunStatus> onUpdate) {
            Clock clock = scheduler.clock();
            Run run = new Run(request.runName(), onUpdate);
            Instant stamped = clock.instant();
            scheduler.schedule(() -> request.listener().onEvent(new RolloutEvent.AnalysisPhaseChanged(
                    request.rolloutId(), request.revision(), stamped, request.runName(), "",
                    AnalysisPhase.Running, "run started")), Duration.ofMillis(1));
            scheduler.schedule(() -> {
                request.listener().onEvent(new RolloutEvent.AnalysisPhaseChanged(request.rolloutId(),
                        request.revision(), clock.instant(), request.runName(), "", AnalysisPhase.Successful,
                        "run succeeded"));
                run.set(AnalysisPhase.Successful);
            }, Duration.ofMillis(3));
            return run;
        }

        private static final class Run implements AnalysisRun {
            private final String name;
            private final Consumer<AnalysisRunStatus> onUpdate;
            private AnalysisRunStatus status;
            private boolean cancelled;

            Run(String name, Consumer<AnalysisRunStatus> onUpdate) {
                this.name = name;
                this.onUpdate = onUpdate;
                this.status = new AnalysisRunStatus(name, AnalysisPhase.Running, List.of(), "");
            }

            void set(AnalysisPhase phase) {
                AnalysisRunStatus next;
                synchronized (this) {
                    if (status.phase().isCompleted() || cancelled) {
                        return;
                    }
                    status = new AnalysisRunStatus(name, phase, List.of(), "");
                    next = status;
                }
                onUpdate.accept(next);
            }

            @Override
            public synchronized AnalysisRunStatus status() {
                return status;
            }

            @Override
            public void terminate() {
                set(AnalysisPhase.Successful);
            }

            @Override
            public synchronized void cancel() {
                cancelled = true;
            }
        }
    }
}
