package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user of the published artifacts writes to test a rollout spec in CI: the canary runs on
 * the embedded cluster with scripted metrics, on virtual time, through rollout-core's public API.
 */
class CanaryOnEmbeddedClusterTest {
    private static final WorkloadRef CHECKOUT = new WorkloadRef("shop", "checkout");

    @TempDir
    Path state;

    @Test
    void aHealthyCanaryIsPromoted() throws Exception {
        var run = canary(0.99, 0.98, 0.995);

        assertEquals(RolloutPhase.Healthy, run.status().phase(), run.status().message());
        assertEquals("v2", run.cluster().observe(CHECKOUT).stableRevision().orElseThrow());
    }

    @Test
    void aFailingCanaryIsRolledBack() throws Exception {
        var run = canary(0.99, 0.50, 0.99);

        assertTrue(run.status().aborted(), run.status().toString());
        assertEquals("v1", run.cluster().observe(CHECKOUT).stableRevision().orElseThrow());
    }

    private record Run(RolloutStatus status, EmbeddedCluster cluster) {
    }

    private Run canary(double... successRates) throws Exception {
        var clock = new MockClock();
        var scheduler = new VirtualScheduler(clock);
        var cluster = EmbeddedCluster.builder().clock(clock).build();
        cluster.deploy(CHECKOUT, Revision.of("v1"), 10);

        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                .load(Path.of(getClass().getResource("/checkout.yaml").toURI()));
        List<ScriptedValue> script = java.util.Arrays.stream(successRates)
                .mapToObj(ScriptedValue::scalar).toList();
        var analysis = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                .scriptedMetrics(ScriptedMetrics.of(Map.of("success-rate", script)))
                .build();

        try (var engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .analysisLauncher(analysis).stateStore(new FileStateStore(state)).build()) {
            var rollout = engine.start(specs.rollouts().get(0), cluster.name(), Revision.of("v2"));
            scheduler.runUntilIdle(Duration.ofHours(1));
            return new Run(rollout.status(), cluster);
        }
    }
}
