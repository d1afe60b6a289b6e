package dev.rollout.examples.datadog;

import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.datadog.DatadogConfig;
import dev.rollout.datadog.DatadogMetricProvider;
import dev.rollout.examples.support.ExampleExit;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * A canary on the embedded cluster, gated by a Datadog error-rate query (errors / hits, v2 API).
 * With {@code DD_API_KEY} and {@code DD_APP_KEY} set it asks your Datadog organisation (site from
 * {@code DD_ADDRESS} or {@code DD_SITE}) about revision {@code DD_EXAMPLE_VERSION} (default
 * {@code 1.5.0}); otherwise it runs against {@link LocalDatadog}: a healthy revision is promoted,
 * then a bad one is rolled back. Arguments (optional): the errors query and the hits query, which
 * may use {@code {{args.service}}} and {@code {{args.revision}}}. Exit codes, as the {@code rollout}
 * command's: 0 Healthy (locally: the good revision promoted and the bad one rolled back), 1 aborted
 * (locally: either went the other way), 3 not settled within 15 minutes, 64 bad arguments or
 * Datadog settings ({@code DD_SITE}, ...), 70 anything else; a failure is one line on stderr,
 * never a stack trace.
 */
public final class DatadogCanaryExample {
    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
              namespace: shop
            spec:
              replicas: 5
              strategy:
                canary:
                  steps:
                  - setWeight: 20
                  - analysis:
                      templates:
                      - templateName: error-rate
                      args:
                      - name: service
                        value: checkout
                  - setWeight: 60
                  - pause: {duration: 2s}
                  - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: error-rate
              namespace: shop
            spec:
              args:
              - name: service
              - name: revision
              metrics:
              - name: error-rate
                interval: %s
                count: 3
                failureLimit: 0
                successCondition: default(result, 0) <= 0.01
                provider:
                  datadog:
                    apiVersion: v2
                    interval: 5m
                    aggregator: sum
                    queries:
                      errors: "%s"
                      hits: "%s"
                    formula: errors / hits
            """;

    private DatadogCanaryExample() {
    }

    static final String USAGE = "usage: DatadogCanaryExample [<errors query> [<hits query>]]";

    /** Runs the example and exits with its code; see the class comment for the environment it reads. */
    public static void main(String[] args) {
        System.exit(main(args, System.getenv(), System.err));
    }

    /** Runs the example as {@link #main(String[])} does, reading {@code env}, and returns the exit code. */
    static int main(String[] args, Map<String, String> env, PrintStream err) {
        return ExampleExit.guard("DatadogCanaryExample", USAGE, err, () -> run(args, env));
    }

    private static int run(String[] args, Map<String, String> env) throws Exception {
        if (args.length > 2) {
            throw new ExampleExit.UsageException("expected at most 2 queries, got " + args.length + " arguments");
        }
        boolean real = env.containsKey("DD_API_KEY") && env.containsKey("DD_APP_KEY");
        String errors = args.length > 0 ? args[0]
                : "sum:trace.http.request.errors{service:{{args.service}},version:{{args.revision}}}.as_count()";
        String hits = args.length > 1 ? args[1]
                : "sum:trace.http.request.hits{service:{{args.service}},version:{{args.revision}}}.as_count()";
        LocalDatadog local = real ? null : new LocalDatadog();
        DatadogConfig config = real ? DatadogConfig.fromEnvironment(env) : localConfig(local.url());
        try (ExecutorScheduler scheduler = new ExecutorScheduler();
                DatadogMetricProvider datadog = DatadogMetricProvider.builder(config).build()) {
            LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of("datadog", datadog))
                    .loadString("checkout.yaml", ROLLOUT.formatted(real ? "1m" : "3s", errors, hits));
            RolloutSpec spec = specs.rollouts().get(0);
            EmbeddedCluster cluster = EmbeddedCluster.builder().name("prod").clock(scheduler.clock())
                    .defaultReadyDelay(Duration.ofSeconds(1)).build();
            WorkloadRef checkout = new WorkloadRef("shop", "checkout");
            cluster.deploy(checkout, Revision.of("1.4.0"), 5);
            DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                    .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                    .provider(datadog).conditionCompiler(Conditions::compile).build();
            try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                    .analysisLauncher(launcher).listener(DatadogCanaryExample::print).build()) {
                if (real) {
                    String version = env.getOrDefault("DD_EXAMPLE_VERSION", "1.5.0");
                    return report(roll(engine, spec, version));
                }
                local.errorRate("1.5.0", 0.002);
                local.errorRate("1.6.0", 0.07);
                int good = report(roll(engine, spec, "1.5.0"));
                int bad = report(roll(engine, spec, "1.6.0"));
                System.out.printf("the local Datadog answered %d queries%n", local.requests());
                if (good == ExampleExit.NOT_SETTLED || bad == ExampleExit.NOT_SETTLED) {
                    return ExampleExit.NOT_SETTLED;
                }
                return good == ExampleExit.HEALTHY && bad == ExampleExit.DEGRADED
                        ? ExampleExit.HEALTHY : ExampleExit.DEGRADED;
            }
        } finally {
            if (local != null) {
                local.close();
            }
        }
    }

    private static DatadogConfig localConfig(String url) {
        Map<String, String> props = Map.of("datadog.apiKey", "local-example-api-key",
                "datadog.applicationKey", "local-example-app-key", "datadog.site", url);
        return props::get;
    }

    private static RolloutStatus roll(RolloutEngine engine, RolloutSpec spec, String version)
            throws InterruptedException {
        System.out.printf("%n== rolling out checkout %s%n", version);
        RolloutHandle handle = engine.start(spec, "prod", Revision.of(version));
        // The engine's scheduler drives the rollout; this thread only waits for it to settle.
        return handle.await(Duration.ofMinutes(15));
    }

    private static int report(RolloutStatus status) {
        System.out.printf("== %s, stable revision %s%s%n", status.phase(), status.stableRevision(),
                status.message().isEmpty() ? "" : ": " + status.message());
        return ExampleExit.settled(status) ? ExampleExit.of(status) : ExampleExit.NOT_SETTLED;
    }

    private static void print(RolloutEvent event) {
        System.out.printf("%s  %-22s %s%n", event.at(), event.getClass().getSimpleName(), event.message());
    }
}
