package dev.rollout.core.crash;

import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rollout the crash suite kills: a basic canary of 10 replicas (maxSurge 3, maxUnavailable 2)
 * with an analysis step, background analysis, timed pauses and a step where the weight goes down;
 * on virtual time, so a run is the same in every process.
 */
public final class CrashScenario {
    /** The workload rolled out. */
    public static final WorkloadRef APP = new WorkloadRef("default", "app");
    /** Replicas, surge and unavailability of the spec. */
    public static final int REPLICAS = 10;
    public static final int MAX_SURGE = 3;
    public static final int MAX_UNAVAILABLE = 2;
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private CrashScenario() {
    }

    /** The canary spec. */
    public static RolloutSpec spec() {
        List<CanaryStep> steps = List.of(new CanaryStep.SetWeight(20), CanaryStep.Pause.of(Duration.ofMinutes(1)),
                new CanaryStep.SetWeight(50), new CanaryStep.Analysis(AnalysisRef.of("check")),
                new CanaryStep.SetWeight(80), CanaryStep.Pause.of(Duration.ofSeconds(30)),
                new CanaryStep.SetWeight(30), CanaryStep.Pause.of(Duration.ofSeconds(30)),
                new CanaryStep.SetWeight(90));
        return RolloutSpec.of("default", "app", REPLICAS, CanaryStrategy.of(steps)
                .withAnalysis(new CanaryStrategy.BackgroundAnalysis(AnalysisRef.of("background"), 1)));
    }

    /** An engine on virtual time over {@code cluster} and {@code store}. */
    public static RolloutEngine engine(VirtualScheduler scheduler, JournalCluster cluster, StateStore store,
            AnalysisPhase checkOutcome) {
        return RolloutEngine.builder().scheduler(scheduler).stateStore(store).target(cluster)
                .analysisLauncher(new TimedLauncher(scheduler, checkOutcome))
                .degradedPollInterval(Duration.ZERO).build();
    }

    /** A scheduler whose clock starts where every run's starts. */
    public static VirtualScheduler scheduler() {
        return new VirtualScheduler(new MockClock(START));
    }

    /** Starts the rollout of v2 over v1 and runs it to the end; the final phase. */
    public static RolloutPhase runFromStart(Path dir, JournalCluster cluster, StateStore store,
            AnalysisPhase checkOutcome) {
        cluster.deploy(APP, "v1", REPLICAS);
        VirtualScheduler scheduler = scheduler();
        try (RolloutEngine engine = engine(scheduler, cluster, store, checkOutcome)) {
            engine.start(spec(), JournalCluster.NAME, Revision.of("v2"));
            scheduler.runUntilIdle(Duration.ofDays(1));
            return engine.rollout("default/app").orElseThrow().status().phase();
        }
    }

    /** Resumes whatever the store holds and runs it to the end; the final phase. */
    public static RolloutPhase resume(JournalCluster cluster, StateStore store, AnalysisPhase checkOutcome) {
        VirtualScheduler scheduler = scheduler();
        try (RolloutEngine engine = engine(scheduler, cluster, store, checkOutcome)) {
            engine.resumeAll();
            scheduler.runUntilIdle(Duration.ofDays(1));
            return engine.rollout("default/app").map(h -> h.status().phase()).orElse(null);
        }
    }
}
