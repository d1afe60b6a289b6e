package dev.rollout.examples.cli;

import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.spec.LoadedSpecs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code rollout demo}: a canary on the embedded cluster in real time. Revision 2 is faulty and
 * background analysis rolls it back on its own; revision 3 is healthy and is promoted.
 */
@Command(name = "demo", description = "run a canary on the embedded cluster: a bad revision that"
        + " analysis rolls back, then a good one that is promoted")
final class DemoCommand implements Callable<Integer> {
    private static final String RESOURCE = "/demo/demo.yaml";
    private static final Duration PODS_READY_AFTER = Duration.ofMillis(300);
    private static final long ROLLOUT_TIMEOUT_SECONDS = 60;

    @Mixin
    HelpOption help;

    private final PrintStream out;
    private final java.util.function.Supplier<DemoPace> pace;

    DemoCommand(PrintStream out, PrintStream err) {
        this(out, DemoPace::realTime);
    }

    DemoCommand(PrintStream out, java.util.function.Supplier<DemoPace> pace) {
        this.out = out;
        this.pace = pace;
    }

    @Override
    public Integer call() {
        LoadedSpecs specs = loadDemoSpecs();
        RolloutSpec spec = specs.rollouts().get(0);
        // The demo's Rollout names its namespace; nothing is assumed for one that does not.
        WorkloadRef workload = new WorkloadRef(spec.namespace().orElseThrow(), spec.name());

        try (DemoPace time = pace.get()) {
            var scheduler = time.scheduler();
            EmbeddedCluster cluster = EmbeddedCluster.builder().clock(scheduler.clock())
                    .defaultReadyDelay(PODS_READY_AFTER).build();
            cluster.deploy(workload, Revision.of("1"), spec.replicas());
            MetricProvider errorRate = new DemoMetricProvider(cluster, workload, Set.of("2"));
            DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder()
                    .scheduler(scheduler)
                    .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                    .provider(errorRate)
                    // The demo's provider reads the in-memory cluster and answers at once: it runs
                    // on the scheduler's thread, so virtual time never passes a measurement by.
                    .providerExecutor(Runnable::run)
                    .build();
            Outcomes outcomes = new Outcomes();
            try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                    .analysisLauncher(launcher)
                    .listener(new Timeline(out, scheduler.clock().instant(), true))
                    .listener(outcomes)
                    .build()) {
                out.println("rollout demo: " + workload + " runs revision 1 on " + spec.replicas()
                        + " replicas of the embedded cluster; canary steps 10% -> 30% -> 60% -> 100%"
                        + " with background analysis of the error rate (success: result < 0.05)");
                out.println();
                out.println("== revision 2 (faulty: its error rate climbs)");
                RolloutStatus bad = roll(time, engine, outcomes, spec, cluster,
                        new Revision("2", Map.of("image", "checkout:2.0.0")));
                out.println();
                out.println("== revision 3 (healthy)");
                RolloutStatus good = roll(time, engine, outcomes, spec, cluster,
                        new Revision("3", Map.of("image", "checkout:2.0.1")));
                out.println();
                out.println("revision 2: " + summary(bad));
                out.println("revision 3: " + summary(good));
                boolean asExpected = bad.aborted() && good.phase() == RolloutPhase.Healthy;
                return asExpected ? ExitCodes.HEALTHY : ExitCodes.DEGRADED;
            }
        }
    }

    private RolloutStatus roll(DemoPace time, RolloutEngine engine, Outcomes outcomes,
            RolloutSpec spec, EmbeddedCluster cluster, Revision revision) {
        CompletableFuture<Void> done = outcomes.expect(revision.id());
        var handle = engine.start(spec, cluster.name(), revision);
        if (!time.await(done, Duration.ofSeconds(ROLLOUT_TIMEOUT_SECONDS))) {
            out.println("the rollout of revision " + revision.id() + " did not finish within "
                    + ROLLOUT_TIMEOUT_SECONDS + " s");
        }
        return handle.status();
    }

    private static String summary(RolloutStatus status) {
        return status.phase() + (status.aborted() ? ", rolled back by analysis" : "")
                + (status.message().isEmpty() ? "" : " - " + status.message());
    }

    private static LoadedSpecs loadDemoSpecs() {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SpecFiles.loader(Map.of("demo", new NoProvider())).loadString("demo.yaml", yaml);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo spec: " + e.getMessage(), e);
        }
    }

    /** Completes a future when a revision's rollout reaches Healthy or Degraded. */
    private static final class Outcomes implements dev.rollout.api.event.RolloutListener {
        private final Map<String, CompletableFuture<Void>> waiting =
                new java.util.concurrent.ConcurrentHashMap<>();

        CompletableFuture<Void> expect(String revision) {
            return waiting.computeIfAbsent(revision, k -> new CompletableFuture<>());
        }

        @Override
        public void onEvent(RolloutEvent event) {
            if (event instanceof RolloutEvent.PhaseChanged change && change.to().isTerminal()) {
                expect(event.revision()).complete(null);
            }
        }
    }

    /** Registers the {@code demo} provider key for parsing; the real one needs the cluster. */
    private static final class NoProvider implements MetricProvider {
        @Override
        public String type() {
            return "demo";
        }

        @Override
        public CompletableFuture<dev.rollout.api.analysis.MetricValue> measure(
                dev.rollout.api.analysis.MeasurementRequest request) {
            return CompletableFuture.failedFuture(new IllegalStateException("not for measuring"));
        }
    }
}
