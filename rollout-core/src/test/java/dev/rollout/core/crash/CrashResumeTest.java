package dev.rollout.core.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine process SIGKILLed at seeded random moments of a canary with analysis, on the file
 * state store, then resumed with {@code resumeAll()}: same final phase as an uninterrupted run,
 * within the surge and availability bounds, the old revision never scaled up after promotion.
 * {@code -Dcrash.seeds=N} changes the number of seeds (default 100).
 */
class CrashResumeTest {
    private static final int SEEDS = Integer.getInteger("crash.seeds", 100);

    @TempDir
    Path dir;

    @Test
    void everyCrashPointResumesToTheUninterruptedOutcomeWithinTheBounds() throws Exception {
        List<CrashSuite.Outcome> outcomes = new CrashSuite(FileStores.class).runSeeds(dir, SEEDS);
        List<CrashSuite.Outcome> failed = outcomes.stream().filter(o -> !o.survived()).toList();
        System.out.println("Crash and resume (file store): " + (outcomes.size() - failed.size()) + " of "
                + outcomes.size() + " crash points survived");
        assertThat(failed).as("crash points that did not resume as the uninterrupted run").isEmpty();
        // The seeds cover both kinds of crash point and both outcomes.
        assertThat(outcomes).extracting(CrashSuite.Outcome::kind).contains("write", "save");
        assertThat(outcomes).extracting(CrashSuite.Outcome::expected)
                .contains(RolloutPhase.Healthy, RolloutPhase.Degraded);
    }

    @Test
    void theUninterruptedRunsKeepTheBoundsThemselves() {
        CrashSuite suite = new CrashSuite(FileStores.class);
        CrashSuite.Baseline healthy = suite.baseline(dir.resolve("ok"), AnalysisPhase.Successful);
        CrashSuite.Baseline aborted = suite.baseline(dir.resolve("failed"), AnalysisPhase.Failed);
        assertThat(healthy.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(aborted.phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(healthy.violations()).isEmpty();
        assertThat(aborted.violations()).isEmpty();
        assertThat(healthy.writes()).isGreaterThan(10);
    }

    @Test
    void aClusterAheadOfTheSavedStateIsNotWaitedForForever() {
        Path journal = dir.resolve("cluster.log");
        StateStore store = FileStores.open(dir);
        pausedAtStepOne(journal, store);
        // Killed after later writes but before their save: the cluster runs v2 10, v1 0.
        try (JournalCluster cluster = JournalCluster.open(journal, w -> { })) {
            cluster.scale(CrashScenario.APP, Revision.of("v2"), 10);
            cluster.scale(CrashScenario.APP, Revision.of("v1"), 0);
        }
        int before = JournalCluster.lines(journal).size();

        try (JournalCluster cluster = JournalCluster.open(journal, w -> { })) {
            assertThat(CrashScenario.resume(cluster, store, AnalysisPhase.Successful))
                    .isEqualTo(RolloutPhase.Healthy);
        }
        List<String> after = JournalCluster.lines(journal);
        assertThat(after.size()).isGreaterThan(before);
        assertThat(after.get(after.size() - 2)).isEqualTo("MARK_STABLE default app v2");
    }

    @Test
    void aClusterThatLostItsStateGetsTheSavedCountsBackWhilePaused() {
        StateStore store = FileStores.open(dir);
        pausedAtStepOne(dir.resolve("lost.log"), store);
        Path fresh = dir.resolve("fresh.log");

        VirtualScheduler scheduler = CrashScenario.scheduler();
        try (JournalCluster cluster = JournalCluster.open(fresh, w -> { });
                RolloutEngine engine = CrashScenario.engine(scheduler, cluster, store, AnalysisPhase.Successful)) {
            engine.resumeAll();
            // Everything of this instant, the reconcile on the target executor included.
            scheduler.runUntilIdle(Duration.ZERO);
            // Still in the timed pause of step 1, and the 20% split is back on the cluster.
            assertThat(engine.rollout("default/app").orElseThrow().status().phase()).isEqualTo(RolloutPhase.Paused);
            assertThat(JournalCluster.lines(fresh)).containsExactly("SCALE default app v2 2",
                    "SCALE default app v1 8");
            scheduler.runUntilIdle(Duration.ofDays(1));
            assertThat(engine.rollout("default/app").orElseThrow().status().phase()).isEqualTo(RolloutPhase.Healthy);
        }
    }

    @Test
    void aClusterAlreadyPromotedFinishesWithoutScalingTheOldRevisionUp() {
        Path journal = dir.resolve("cluster.log");
        StateStore store = FileStores.open(dir);
        pausedAtStepOne(journal, store);
        try (JournalCluster cluster = JournalCluster.open(journal, w -> { })) {
            cluster.scale(CrashScenario.APP, Revision.of("v2"), 10);
            cluster.scale(CrashScenario.APP, Revision.of("v1"), 0);
            cluster.markStable(CrashScenario.APP, Revision.of("v2"));
        }
        int promotedAt = JournalCluster.lines(journal).size();
        try (JournalCluster cluster = JournalCluster.open(journal, w -> { })) {
            assertThat(CrashScenario.resume(cluster, store, AnalysisPhase.Successful))
                    .isEqualTo(RolloutPhase.Healthy);
        }
        // After the promotion the resumed engine only removes the old revision.
        List<String> lines = JournalCluster.lines(journal);
        assertThat(lines.subList(promotedAt, lines.size())).containsExactly("REMOVE default app v1");
    }

    /** Starts the scenario and stops the engine in step 1's timed pause (v2 2, v1 8 saved). */
    private static void pausedAtStepOne(Path journal, StateStore store) {
        VirtualScheduler scheduler = CrashScenario.scheduler();
        try (JournalCluster cluster = JournalCluster.open(journal, w -> { });
                RolloutEngine engine = CrashScenario.engine(scheduler, cluster, store, AnalysisPhase.Successful)) {
            cluster.deploy(CrashScenario.APP, "v1", CrashScenario.REPLICAS);
            engine.start(CrashScenario.spec(), JournalCluster.NAME, Revision.of("v2"));
            scheduler.advance(Duration.ofSeconds(10));
            assertThat(engine.rollout("default/app").orElseThrow().status().phase()).isEqualTo(RolloutPhase.Paused);
        }
    }
}
