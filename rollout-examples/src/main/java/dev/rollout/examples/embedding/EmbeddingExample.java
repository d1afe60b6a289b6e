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
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.state.FileStateStore;
import dev.rollout.examples.support.ExampleExit;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's embedding example, kept compiling and running by a test:
 * {@code EmbeddingExample [--real-time] <rollout.yaml> <state-dir>}. The file's first Rollout (with
 * its AnalysisTemplates; {@code web} metrics are measured for real) is rolled out to revision
 * {@code v2} of {@code shop/checkout} on the embedded cluster, in virtual time, or with
 * {@code --real-time} on the system clock (waiting at most 30 minutes), and the final phase is
 * printed. Exit codes, as the {@code rollout} command's: 0 Healthy, 1 aborted, 2 paused for a
 * person, 3 not settled, 64 bad arguments or spec ({@code error: FILE:LINE: FIELD: MESSAGE}),
 * 70 anything else; never a stack trace.
 */
public final class EmbeddingExample {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingExample.class);
    static final String USAGE = "usage: EmbeddingExample [--real-time] <rollout.yaml> <state-dir>";

    private EmbeddingExample() {
    }

    /** Rolls the file's Rollout out on the embedded cluster, prints the final phase and exits with its code. */
    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs the example as {@link #main(String[])} does and returns the exit code. */
    static int main(String[] args, PrintStream out, PrintStream err) {
        return ExampleExit.guard("EmbeddingExample", USAGE, err, () -> {
            List<String> rest = new ArrayList<>(List.of(args));
            boolean realTime = rest.remove("--real-time");
            if (rest.size() != 2 || rest.stream().anyMatch(a -> a.startsWith("--"))) {
                throw new ExampleExit.UsageException("expected a rollout file and a state directory, got "
                        + String.join(" ", args));
            }
            Path file = Path.of(rest.get(0));
            Path state = Path.of(rest.get(1));
            // Checked first, so a file without a Rollout is named rather than failing in run().
            int rollouts = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                    .load(file).rollouts().size();
            if (rollouts == 0) {
                throw new ExampleExit.UsageException(file + " holds no Rollout");
            }
            RolloutStatus status = realTime ? runOnRealTime(file, state, Duration.ofMinutes(30))
                    : run(file, state);
            out.println(status.phase() + (status.message().isEmpty() ? "" : ": " + status.message()));
            return ExampleExit.of(status);
        });
    }

    /** Runs the example in virtual time and returns the final status. */
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

    /**
     * The same rollout on real time, as in production: the engine's own threads drive it and this
     * one waits at most {@code limit} for it to settle; returns the status then.
     */
    public static RolloutStatus runOnRealTime(Path rolloutFile, Path stateDir, Duration limit)
            throws Exception {
        try (var scheduler = new ExecutorScheduler()) {                 // Clock.SYSTEM
            var cluster = EmbeddedCluster.builder().clock(scheduler.clock()).build();
            cluster.deploy(new WorkloadRef("shop", "checkout"), Revision.of("v1"), 10);

            LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                    .load(rolloutFile);
            var analysis = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                    .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                    .provider(new WebMetricProvider()).build();

            try (var engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                    .analysisLauncher(analysis).stateStore(new FileStateStore(stateDir))
                    .listener(event -> log.info("{}", event.message())).build()) {
                RolloutHandle rollout = engine.start(specs.rollouts().get(0), cluster.name(),
                        new Revision("v2", Map.of("image", "shop/checkout:2.0")));
                return rollout.await(limit);                  // Healthy or aborted, unless limit passed
            }
        }
    }
}
