package dev.rollout.examples.embedding;

import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.web.WebMetricProvider;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's embedding example, kept compiling and running by a test:
 * {@code EmbeddingExample <rollout.yaml> <state-dir>}.
 */
public final class EmbeddingExample {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingExample.class);

    private EmbeddingExample() {
    }

    /** Rolls the file's Rollout out on the embedded cluster and prints the final phase. */
    public static void main(String[] args) throws Exception {
        System.out.println(run(Path.of(args[0]), Path.of(args[1])).phase());
    }

    /** Runs the example and returns the final status. */
    public static RolloutStatus run(Path rolloutFile, Path stateDir) throws Exception {
        // --- README: "Embedding the engine" starts here ---
        var clock = new MockClock();                      // or Clock.SYSTEM with an ExecutorScheduler
        var scheduler = new VirtualScheduler(clock);      // one shared scheduler, no thread per rollout
        var cluster = EmbeddedCluster.builder().clock(clock).build();   // or a KubernetesClusterTarget
        cluster.deploy(new WorkloadRef("shop", "checkout"), Revision.of("v1"), 10);

        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                .load(rolloutFile);                                  // Rollout + AnalysisTemplates
        var analysis = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                .provider(new WebMetricProvider()).build();

        try (var engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                .analysisLauncher(analysis).stateStore(new FileStateStore(stateDir))
                .listener(event -> log.info("{}", event.message())).build()) {
            RolloutHandle rollout = engine.start(specs.rollouts().get(0), cluster.name(),
                    new Revision("v2", Map.of("image", "shop/checkout:2.0")));
            scheduler.runUntilIdle(Duration.ofHours(1));             // real engines just keep running
            return rollout.status();                                  // Healthy, Degraded or Paused
        }
        // --- README: ends here ---
    }
}
