package dev.rollout.examples.cli;

import dev.rollout.api.Clock;
import dev.rollout.api.MockClock;
import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.conductor.ClusterTargets;
import dev.rollout.core.conductor.Conductor;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.VirtualTimeDriver;
import dev.rollout.core.conductor.config.ClusterConfig;
import dev.rollout.core.conductor.config.ServiceConfig;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.config.SourceConfig;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.provider.scripted.PerClusterMetrics;
import dev.rollout.core.report.TimelineRecorder;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.secret.FileSecretResolver;
import dev.rollout.core.secret.SecretResolvers;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.state.FileStateStore;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.git.GitRevisionSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What {@code deploy}, {@code approve} and {@code rollback} share: the config, the conductor wired
 * from the command line, and driving a deploy until it settles. Clusters the config maps to a
 * kubeconfig context are real and the deploy runs on real time; otherwise every cluster is
 * embedded and time is virtual, starting now.
 */
final class DeploySession implements AutoCloseable {
    static final Duration DEFAULT_MAX_VIRTUAL = Duration.ofDays(7);

    final ServiceConfig config;
    final Conductor conductor;
    final List<DeployNotification> notifications = new CopyOnWriteArrayList<>();
    private final VirtualScheduler virtual;
    private final ExecutorScheduler real;
    private final Duration maxVirtual;
    private final Map<String, MetricProvider> providers;
    private final WatchBoard watch;

    DeploySession(DeployOptions args, Map<String, String> env, PrintStream timeline, boolean json) {
        this(args, null, null, env, timeline, timeline, json, Optional.empty());
    }

    /**
     * A session whose {@code --watch} view ({@code watchOptions}, null for none), with
     * {@code --json}, goes to {@code err}, and whose {@code recorder} (if any) receives every
     * deploy and cluster rollout event; {@code revision} (may be null) titles the view.
     */
    DeploySession(DeployOptions args, WatchOptions watchOptions, String revision,
            Map<String, String> env, PrintStream timeline, PrintStream err, boolean json,
            Optional<TimelineRecorder> recorder) {
        if (args.config.isBlank()) {
            throw new UsageException("--config needs a file name");
        }
        this.config = ServiceConfigLoader.load(Path.of(args.config));
        this.maxVirtual = args.maxVirtualTime == null ? DEFAULT_MAX_VIRTUAL
                : SimulateCommand.maxVirtual(args.maxVirtualTime);
        StateStore store = args.stateDir == null ? new InMemoryStateStore()
                : new FileStateStore(Path.of(args.stateDir));
        SecretResolver secrets = args.secretsDir == null ? new EnvironmentSecretResolver(env,
                EnvironmentSecretResolver.DEFAULT_PREFIX)
                : SecretResolvers.firstOf(new FileSecretResolver(Path.of(args.secretsDir)),
                        new EnvironmentSecretResolver(env, EnvironmentSecretResolver.DEFAULT_PREFIX));
        Scheduler scheduler;
        if (config.clusters().isEmpty()) {
            // Seconds, so that the history reads like wall-clock time.
            virtual = new VirtualScheduler(new MockClock(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            real = null;
            scheduler = virtual;
        } else {
            virtual = null;
            real = new ExecutorScheduler();
            scheduler = real;
        }
        Map<String, MetricProvider> providers = SpecFiles.realProviders(env);
        Conductor.Builder builder = Conductor.builder()
                .config(config)
                .scheduler(scheduler)
                .stateStore(store)
                .secretResolver(secrets)
                .clusters(targets(config, scheduler.clock(), env))
                .metricProvider(providers.values().toArray(MetricProvider[]::new))
                .notifier(notifications::add);
        if (virtual != null) {
            // On virtual time a measurement must have started before time moves on.
            builder.providerExecutor(Runnable::run);
        }
        if (config.source() instanceof SourceConfig.Git git) {
            OptionalJars.GIT.require("a deploy from a Git source (" + config.file() + ")");
            builder.revisionSource(GitRevisionSource.open(git.repository(), git.branch()));
        }
        Optional.ofNullable(args.metrics).map(Path::of).map(PerClusterMetrics::load)
                .ifPresent(m -> {
                    builder.scriptedMetrics(m.shared());
                    m.clusters().forEach(builder::scriptedMetrics);
                });
        this.watch = WatchBoard.open(watchOptions, json, timeline, err, env, "deploy " + config.name()
                + " " + revision + " to " + args.environment, scheduler.clock().instant());
        if (watch != null) {
            builder.listener(watch::onDeployEvent);
            builder.clusterRolloutListener((environment, cluster, e) -> watch.onRolloutEvent(cluster, e));
        } else if (!json) {
            builder.listener(e -> timeline.println(line(e)));
        }
        recorder.ifPresent(r -> builder.listener(r).rolloutListener(r));
        this.providers = providers;
        this.conductor = builder.build();
    }

    /** Drives the deploy until it is done or waits for a person; false if stopped at the limit. */
    boolean drive(DeployHandle handle) {
        try {
            return driveUntilSettled(handle);
        } finally {
            if (watch != null) {
                watch.finish();
            }
        }
    }

    /**
     * With {@code --watch}, shows every cluster of the deploy as Pending, in wave order, before
     * it starts; a deploy that cannot be planned shows its clusters as their events arrive.
     */
    void expectClusters(String environment, String revision) {
        if (watch == null) {
            return;
        }
        try {
            for (dev.rollout.core.conductor.DeployPlan.Wave wave : conductor.plan(environment, revision).waves()) {
                wave.clusters().forEach(c -> watch.expect(c.name(), WatchBoard.stepCount(c.spec())));
            }
        } catch (dev.rollout.api.RolloutException e) {
            // The deploy itself reports why; the view just starts empty.
        }
    }

    private boolean driveUntilSettled(DeployHandle handle) {
        if (virtual != null) {
            return VirtualTimeDriver.runUntilSettled(virtual, handle, maxVirtual);
        }
        while (!handle.status().settled()) {
            try {
                handle.completion().toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Check whether it waits for an approval; draw what the view's rate held back.
                if (watch != null) {
                    watch.finish();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (java.util.concurrent.ExecutionException e) {
                return true;
            }
        }
        return true;
    }

    /** The analysis templates of the config's rollout file (the conductor loaded it already). */
    List<AnalysisTemplate> templates() {
        return AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), providers)
                .load(config.rollout()).objects(AnalysisTemplate.class);
    }

    Duration maxVirtual() {
        return maxVirtual;
    }

    private static ClusterTargets targets(ServiceConfig config, Clock clock, Map<String, String> env) {
        ClusterTargets.Embedded embedded = ClusterTargets.embedded(clock);
        if (config.clusters().isEmpty()) {
            return embedded;
        }
        OptionalJars.KUBERNETES.require("a deploy to the clusters of " + config.file());
        Map<String, ClusterConfig> real = config.clusters();
        Map<String, ClusterTarget> connected = new java.util.concurrent.ConcurrentHashMap<>();
        return new ClusterTargets() {
            @Override
            public ClusterTarget target(String cluster) {
                ClusterConfig c = real.get(cluster);
                if (c == null) {
                    return embedded.target(cluster);
                }
                return connected.computeIfAbsent(cluster, name -> KubernetesTargets.connect(name,
                        c.kubeconfig().orElseGet(() -> defaultKubeconfig(env)), c.context().orElse(null)));
            }

            @Override
            public void prepare(String cluster, WorkloadRef workload, Optional<Revision> recorded,
                    int replicas, Set<String> services) {
                if (!real.containsKey(cluster)) {
                    embedded.prepare(cluster, workload, recorded, replicas, services);
                }
            }
        };
    }

    /** {@code $KUBECONFIG} (its first file), else {@code ~/.kube/config}, as kubectl finds it. */
    static Path defaultKubeconfig(Map<String, String> env) {
        String listed = env.get("KUBECONFIG");
        if (listed != null && !listed.isBlank()) {
            return Path.of(listed.split(java.io.File.pathSeparator)[0]);
        }
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".kube", "config");
    }

    private static String line(DeployEvent e) {
        String where = e.environment() + (e.cluster() == null ? "" : " " + e.cluster());
        return "[" + e.at() + "] " + where + ": " + e.type() + " " + e.message();
    }

    @Override
    public void close() {
        conductor.close();
        if (real != null) {
            real.close();
        }
    }
}
