package dev.rollout.examples.cli;

import dev.rollout.api.RolloutException;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.secret.FileSecretResolver;
import dev.rollout.core.secret.SecretResolvers;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.state.FileStateStore;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.api.Durations;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code rollout run --kubeconfig FILE [--context C] --rollout FILE --revision R}: runs the file's
 * Rollout against the Deployment of the same name on a real cluster, in real time, measuring with
 * the spec's providers. Only this command loads the Kubernetes client: its command line is
 * {@link RunOptions}, which names this class only once it runs.
 */
final class RunCommand {
    /** How long a run waits for the rollout to settle unless {@code --timeout} says otherwise. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(1);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    RunCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(RunOptions parsed) {
        String kubeconfig = DeployCommand.required(parsed.kubeconfig, "kubeconfig", "run");
        String rolloutFile = DeployCommand.required(parsed.rolloutFile, "rollout", "run");
        String revisionId = DeployCommand.required(parsed.revision, "revision", "run");
        Duration timeout = timeout(parsed.timeout);
        boolean json = parsed.json;

        ClusterAccess cluster = ClusterAccess.open(Path.of(kubeconfig), parsed.context);
        List<Path> files = new ArrayList<>();
        files.add(Path.of(rolloutFile));
        parsed.analysis.forEach(f -> files.add(Path.of(f)));
        Map<String, MetricProvider> providers = SpecFiles.realProviders(env);
        SecretResolver secrets = secrets(parsed.secretsDir);
        String namespace = Optional.ofNullable(parsed.namespace)
                .or(() -> Optional.ofNullable(cluster.namespace())).orElse("default");
        LoadedSpecs specs = SpecFiles.load(files, providers, namespace, secrets);
        specs.warnings().forEach(w -> err.println("warning: " + w));
        RolloutSpec spec = SimulateCommand.theRollout(specs, rolloutFile);
        SimulationInputs.check(spec, specs.loaded(AnalysisTemplate.class), Optional.empty(),
                Optional.empty(), providers);

        cluster.probe();
        KubernetesClusterTarget target = KubernetesClusterTarget.builder(cluster.connection()).build();
        WorkloadRef workload = new WorkloadRef(spec.namespace().orElseThrow(), spec.name());
        WorkloadState state;
        try {
            state = target.observe(workload);
        } catch (RolloutException e) {
            err.println("rollout: cannot read Deployment " + workload.namespace() + "/"
                    + workload.name() + " on " + cluster.server() + ": " + cluster.describe(e));
            return ExitCodes.DEGRADED;
        }
        if (!state.exists()) {
            throw new BadInputException("Deployment " + workload.namespace() + "/"
                    + workload.name() + " not found on " + cluster.server() + " (context '"
                    + cluster.context() + "'): run rolls out an existing Deployment");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("image", Optional.ofNullable(parsed.image).orElse(revisionId));
        Optional.ofNullable(parsed.container).ifPresent(c -> attributes.put("container", c));
        Revision revision = new Revision(revisionId, attributes);

        try (ExecutorScheduler scheduler = new ExecutorScheduler()) {
            Instant start = scheduler.clock().instant();
            WatchBoard watch = WatchBoard.open(parsed.watchOptions, json, out, err, env, "run " + spec.name()
                    + " " + revisionId + " on " + cluster.context(), start);
            RolloutEngine.Builder engine = RolloutEngine.builder()
                    .scheduler(scheduler)
                    .stateStore(parsed.stateDir == null ? new InMemoryStateStore()
                            : new FileStateStore(Path.of(parsed.stateDir)))
                    .target(target)
                    // Poll readiness at least every 5 s, as kubectl rollout status shows it.
                    .readinessBackoff(Duration.ofMillis(500), Duration.ofSeconds(5))
                    .analysisLauncher(DefaultAnalysisLauncher.builder()
                            .scheduler(scheduler)
                            .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                            .provider(providers.values().toArray(MetricProvider[]::new))
                            .secretResolver(secrets)
                            .build());
            if (watch != null) {
                watch.expect(cluster.context(), WatchBoard.stepCount(spec));
                engine.listener(e -> watch.onRolloutEvent(cluster.context(), e));
            } else if (!json) {
                engine.listener(new Timeline(out, start, true));
            }
            try (RolloutEngine rollouts = engine.build()) {
                RolloutHandle handle = rollouts.start(spec, target.name(), revision);
                boolean settled = await(handle, timeout);
                if (watch != null) {
                    watch.finish();
                }
                return report(handle.status(), revisionId, cluster, start,
                        scheduler.clock().instant(), settled, json, timeout);
            }
        } catch (RolloutException e) {
            // A cluster failure the engine could not turn into an abort: one scrubbed line.
            err.println("rollout: " + cluster.describe(e));
            return ExitCodes.DEGRADED;
        }
    }

    private int report(RolloutStatus status, String revisionId, ClusterAccess cluster,
            Instant start, Instant end, boolean settled, boolean json, Duration timeout) {
        if (json) {
            var node = StatusJson.render(status, revisionId, start, end);
            node.put("stoppedAtLimit", !settled);
            node.put("context", cluster.context());
            node.put("server", cluster.server());
            out.println(StatusJson.toText(node));
        } else {
            out.println();
            out.println("result: " + status.phase() + (status.aborted() ? " (aborted)" : "")
                    + " on " + cluster.context() + " after "
                    + Timeline.stamp(Duration.between(start, end)).trim() + ", step "
                    + status.currentStepIndex() + "/" + status.stepCount() + ", canary weight "
                    + status.canaryWeight() + "%");
            if (!status.message().isEmpty()) {
                out.println("message: " + cluster.scrub(status.message()));
            }
        }
        if (!settled) {
            err.println("rollout: the rollout did not settle within " + Durations.format(timeout)
                    + " (raise it with --timeout); it stays where it is on the cluster");
            return ExitCodes.NOT_SETTLED;
        }
        return ExitCodes.of(status);
    }

    private static boolean await(RolloutHandle handle, Duration timeout) {
        try {
            handle.completion().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            // The engine stopped driving it; its status says where it stands.
            return true;
        }
    }

    private static Duration timeout(String value) {
        if (value == null) {
            return DEFAULT_TIMEOUT;
        }
        try {
            Duration parsed = Durations.parse(value);
            if (parsed.isZero() || parsed.isNegative()) {
                throw new UsageException("--timeout must be positive, was " + value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timeout: " + e.getMessage());
        }
    }

    private SecretResolver secrets(String dir) {
        EnvironmentSecretResolver fromEnv =
                new EnvironmentSecretResolver(env, EnvironmentSecretResolver.DEFAULT_PREFIX);
        return dir == null ? fromEnv
                : SecretResolvers.firstOf(new FileSecretResolver(Path.of(dir)), fromEnv);
    }
}
