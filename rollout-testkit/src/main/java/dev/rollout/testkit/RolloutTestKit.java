package dev.rollout.testkit;

import dev.rollout.api.MockClock;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The entry points for testing rollout specs, analysis templates and integrations on virtual time.
 * Each is a thin factory over rollout's own types, so what a test builds here is what the engine
 * runs on:
 *
 * <ul>
 *   <li>{@link #mockClock()}: a {@link MockClock} (from rollout-api) that moves only when told;
 *   <li>{@link #virtualScheduler(MockClock)}: a {@link VirtualScheduler} (from rollout-core) that
 *       runs the engine's tasks on that clock, so a one-hour pause ends at once;
 *   <li>{@link #embeddedCluster(MockClock)}: an in-memory {@link EmbeddedCluster} whose pods become
 *       ready on that clock;
 *   <li>{@link #scriptedMetrics(Map)}: {@link ScriptedMetrics}, one value per measurement;
 *   <li>{@link #canary(String)}: a {@link TestRollout} running a whole canary and asserting how it
 *       ended.
 * </ul>
 *
 * The compatibility kits ({@code *CompatibilityKit} in this package) are abstract JUnit 5 classes
 * an implementation of an SPI extends to prove it keeps that SPI's contract.
 */
public final class RolloutTestKit {
    /** The instant {@link #mockClock()} starts at. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private RolloutTestKit() {
    }

    /** A clock at {@link #START} that moves only when told. */
    public static MockClock mockClock() {
        return new MockClock(START);
    }

    /**
     * A scheduler on virtual time driving {@code clock}; work announced with
     * {@code Scheduler.track} (a real metric provider's call) holds the clock until it completes.
     */
    public static VirtualScheduler virtualScheduler(MockClock clock) {
        return new VirtualScheduler(clock);
    }

    /** A scheduler on virtual time on a new clock at {@link #START}. */
    public static VirtualScheduler virtualScheduler() {
        return virtualScheduler(mockClock());
    }

    /** An empty embedded cluster named {@code embedded} whose pods become ready at once on {@code clock}. */
    public static EmbeddedCluster embeddedCluster(MockClock clock) {
        return EmbeddedCluster.builder().clock(clock).build();
    }

    /** Scripted metric values by metric name, in measurement order; the last value repeats. */
    public static ScriptedMetrics scriptedMetrics(Map<String, List<ScriptedValue>> scripts) {
        return ScriptedMetrics.of(scripts);
    }

    /** Scripted metrics in the file format of {@code rollout simulate --metrics} ({@code metrics: {name: {values: [...]}}}). */
    public static ScriptedMetrics scriptedMetrics(String yaml) {
        return ScriptedMetrics.parse("<scripted metrics>", yaml);
    }

    /** A test run of the Rollout (and its AnalysisTemplates) in {@code yaml}; see {@link TestRollout}. */
    public static TestRollout canary(String yaml) {
        return TestRollout.fromYaml(yaml);
    }
}
