package dev.rollout.core.conductor;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.Notifier;
import dev.rollout.api.spi.RevisionSource;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.conductor.ClusterTargets;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployListener;
import dev.rollout.core.conductor.DeployPlan;
import dev.rollout.core.conductor.DeployRequest;
import dev.rollout.core.conductor.config.EnvironmentConfig;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.config.ServiceConfig;
import dev.rollout.core.conductor.hooks.CommandHookRunner;
import dev.rollout.core.conductor.hooks.PreDeployHookRunner;
import dev.rollout.core.conductor.versions.Admission;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.conductor.versions.DeployTicket;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.VersionStore;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.state.InMemoryStateStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The conductor's implementation: one per service config. Thread-safe. */
final class ConductorCore implements Runtime, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConductorCore.class);

    /** What the builder collected. */
    public record Settings(ServiceConfig config, LoadedSpecs rollout, RevisionSource source,
            Scheduler scheduler, StateStore store, ClusterTargets targets,
            List<MetricProvider> providers, ScriptedMetrics scripted,
            Map<String, ScriptedMetrics> scriptedByCluster, SecretResolver secrets,
            Executor providerExecutor, List<Notifier> notifiers, boolean slack,
            PreDeployHookRunner commandHooks, PreDeployHookRunner jobHooks,
            List<DeployListener> listeners, List<RolloutListener> rolloutListeners, String owner,
            RolloutMetrics metrics) {
    }

    private final Settings s;
    private final ServiceConfig config;
    private final RolloutSpec rollout;
    private final TemplateRegistry templates;
    private final RevisionSource source;
    private final Scheduler scheduler;
    private final ExecutorScheduler ownedScheduler;
    private final StateStore store;
    private final StateStore engineStore;
    private final ClusterTargets targets;
    private final VersionStore versions;
    private final SecretResolver secrets;
    private final PreDeployHookRunner commandHooks;
    private final String owner;
    private final Map<String, List<Notifier>> notifiers;
    private final Map<String, ClusterEngine> engines = new ConcurrentHashMap<>();
    private final Map<String, DeployRun> runs = new ConcurrentHashMap<>();
    private final Map<String, DeployRun> active = new ConcurrentHashMap<>();
    private final Map<String, DeployRun> queued = new ConcurrentHashMap<>();
    private final Object listenerLock = new Object();

    public ConductorCore(Settings settings) {
        this.s = settings;
        this.config = settings.config();
        LoadedSpecs specs = settings.rollout() != null ? settings.rollout()
                : Sources.loadRollout(config, settings.providers());
        this.rollout = Sources.theRollout(config, specs);
        this.templates = TemplateRegistry.of(specs.objects(dev.rollout.api.analysis.AnalysisTemplate.class));
        this.secrets = settings.secrets() != null ? settings.secrets()
                : new dev.rollout.core.secret.EnvironmentSecretResolver();
        if (settings.scheduler() != null) {
            this.scheduler = settings.scheduler();
            this.ownedScheduler = null;
        } else {
            this.ownedScheduler = new ExecutorScheduler();
            this.scheduler = ownedScheduler;
        }
        this.source = settings.source() != null ? settings.source()
                : Sources.revisionSource(config, secrets);
        this.store = settings.store() != null ? settings.store() : new InMemoryStateStore();
        this.targets = settings.targets() != null ? settings.targets()
                : ClusterTargets.embedded(scheduler.clock());
        // An embedded cluster lives only in this process: its rollouts' state would outlive it.
        this.engineStore = targets instanceof ClusterTargets.Embedded ? new InMemoryStateStore()
                : store;
        this.versions = new VersionStore(store, scheduler.clock());
        this.commandHooks = settings.commandHooks() != null ? settings.commandHooks()
                : new CommandHookRunner();
        this.owner = settings.owner() != null ? settings.owner() : Owners.thisProcess();
        this.notifiers = Sources.notifiers(config, settings.notifiers(), settings.slack(), secrets,
                scheduler);
    }

    public ServiceConfig config() {
        return config;
    }

    @Override
    public String service() {
        return config.name();
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public VersionStore versions() {
        return versions;
    }

    @Override
    public Comparator<Revision> order() {
        return source.releaseOrder();
    }

    @Override
    public ClusterTargets targets() {
        return targets;
    }

    public EnvironmentVersions versions(String environment) {
        environment(environment);
        return versions.get(config.name(), environment);
    }

    public DeployPlan plan(String environment, String reference) {
        EnvironmentConfig env = environment(environment);
        Revision revision = resolve(reference);
        return plan(env, revision);
    }

    private DeployPlan plan(EnvironmentConfig env, Revision revision) {
        DeployPlan plan = Planner.plan(config, rollout, env, revision,
                versions.get(config.name(), env.name()), source);
        List<SpecProblem> problems = new ArrayList<>();
        for (int i = 0; i < env.preDeploy().size(); i++) {
            if (env.preDeploy().get(i).job().isPresent() && s.jobHooks() == null) {
                problems.add(new SpecProblem(config.file().toString(), 0,
                        "spec.environments." + env.name() + ".preDeploy[" + i + "].job",
                        "a Job hook needs a Kubernetes job runner (rollout-k8s), and this"
                                + " conductor has none"));
            }
        }
        problems.addAll(Sources.gateProblems(config, env, templates));
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return plan;
    }

    public synchronized DeployHandle deploy(DeployRequest request) {
        EnvironmentConfig env = environment(request.environment());
        Revision revision = resolve(request.revision());
        DeployPlan plan = plan(env, revision);
        env.after().ifPresent(after -> Sources.requireReached(config, versions, after,
                environment(after), revision));
        connect(env);
        adoptAbandoned(env);
        DeployTicket ticket = new DeployTicket(request.requestId(), revision, owner,
                scheduler.clock().instant());
        Admission admission = versions.submit(config.name(), env.name(), ticket, order(),
                env.clusters());
        if (admission instanceof Admission.Run) {
            DeployRun deploy = new DeployRun(this, env, plan, ticket, request.firstDeploy());
            runs.put(ticket.requestId(), deploy);
            active.put(env.name(), deploy);
            deploy.begin();
            return deploy;
        }
        if (admission instanceof Admission.Pending pending) {
            DeployRun deploy = new DeployRun(this, env, plan, ticket, request.firstDeploy());
            deploy.queued("waiting for the deploy in flight in " + env.name());
            runs.put(ticket.requestId(), deploy);
            queued.put(ticket.requestId(), deploy);
            pending.superseded().ifPresent(old -> supersede(old, ticket));
            emit(new DeployEvent(DeployEvent.Type.Queued, config.name(), env.name(),
                    ticket.requestId(), revision.id(), null, -1, "queued behind the deploy in"
                    + " flight", scheduler.clock().instant()));
            return deploy;
        }
        if (admission instanceof Admission.Superseded superseded) {
            return ended(env, plan, ticket, DeployResult.Superseded,
                    "superseded at once by the pending " + superseded.by().revision().id());
        }
        if (admission instanceof Admission.Refused refused) {
            return ended(env, plan, ticket, DeployResult.Refused, refused.reason());
        }
        if (admission instanceof Admission.Duplicate duplicate) {
            DeployRun running = runs.get(duplicate.running().requestId());
            if (running == null) {
                throw new RolloutException("a deploy of " + revision.id() + " to " + env.name()
                        + " is in flight in " + duplicate.running().owner());
            }
            return running;
        }
        Admission.UpToDate upToDate = (Admission.UpToDate) admission;
        return ended(env, plan, ticket, DeployResult.Deployed, "every cluster of " + env.name()
                + " already runs " + upToDate.revision().id());
    }

    private DeployRun ended(EnvironmentConfig env, DeployPlan plan, DeployTicket ticket,
            DeployResult result, String why) {
        DeployRun run = DeployRun.ended(this, env, plan, ticket, result, why);
        runs.put(ticket.requestId(), run);
        DeployEvent.Type type = result == DeployResult.Refused ? DeployEvent.Type.Refused
                : result == DeployResult.Superseded ? DeployEvent.Type.Superseded
                : DeployEvent.Type.Finished;
        emit(new DeployEvent(type, config.name(), env.name(), ticket.requestId(),
                ticket.revision().id(), null, -1, why, scheduler.clock().instant()));
        DeployNotification.Kind kind = result == DeployResult.Refused
                ? DeployNotification.Kind.REFUSED : result == DeployResult.Superseded
                ? DeployNotification.Kind.SUPERSEDED : null;
        if (kind != null) {
            notify(env.name(), run.notification(kind, why));
        }
        return run;
    }

    private void supersede(DeployTicket old, DeployTicket by) {
        DeployRun run = queued.remove(old.requestId());
        if (run != null) {
            run.superseded(by.revision().id() + " (" + by.requestId() + ")");
        }
    }

    /**
     * Builds every cluster's engine before anything changes, so a cluster that cannot be
     * reached through its config (a missing kubeconfig or context) fails the request up front.
     */
    private void connect(EnvironmentConfig env) {
        for (String cluster : env.clusters()) {
            try {
                engine(env.name(), cluster);
            } catch (dev.rollout.api.TargetException e) {
                throw new dev.rollout.api.TargetException("cluster " + cluster + " of "
                        + env.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** A deploy in flight whose owner is gone is resumed here before anything else runs. */
    private void adoptAbandoned(EnvironmentConfig env) {
        EnvironmentVersions current = versions.get(config.name(), env.name());
        Optional<DeployTicket> inFlight = current.deploying();
        if (inFlight.isEmpty() || runs.containsKey(inFlight.get().requestId())
                || !Owners.gone(inFlight.get().owner(), owner)) {
            return;
        }
        resume(env, inFlight.get());
    }

    public synchronized Optional<DeployHandle> resume(String environment) {
        EnvironmentConfig env = environment(environment);
        Optional<DeployTicket> inFlight = versions.get(config.name(), env.name()).deploying();
        if (inFlight.isEmpty()) {
            return Optional.empty();
        }
        DeployRun known = runs.get(inFlight.get().requestId());
        if (known != null) {
            return Optional.of(known);
        }
        if (!Owners.gone(inFlight.get().owner(), owner)) {
            throw new RolloutException("the deploy " + inFlight.get().requestId() + " of "
                    + inFlight.get().revision().id() + " to " + env.name() + " runs in "
                    + inFlight.get().owner() + ", which still runs");
        }
        return Optional.of(resume(env, inFlight.get()));
    }

    private DeployRun resume(EnvironmentConfig env, DeployTicket ticket) {
        DeployTicket mine = versions.takeOver(config.name(), env.name(), ticket.requestId(), owner)
                .orElseThrow(() -> new RolloutException("the deploy " + ticket.requestId()
                        + " ended while it was being resumed"));
        LOG.info("resuming deploy {} of {} to {} (was owned by {})", mine.requestId(),
                mine.revision().id(), env.name(), ticket.owner());
        DeployPlan plan = plan(env, mine.revision());
        DeployRun run = new DeployRun(this, env, plan, mine, true);
        runs.put(mine.requestId(), run);
        active.put(env.name(), run);
        run.begin();
        return run;
    }

    public synchronized DeployHandle rollback(String environment, String reference, String reason) {
        EnvironmentConfig env = environment(environment);
        if (reason == null || reason.isBlank()) {
            throw new InvalidSpecException(new SpecProblem("<command line>", 0, "reason",
                    "a rollback needs a reason; it is recorded in the history"));
        }
        Revision revision = resolve(reference);
        DeployPlan plan = plan(env, revision);
        versions.get(config.name(), env.name()).deploying().ifPresent(d -> {
            throw new RolloutException("cannot roll " + env.name() + " back while the deploy "
                    + d.requestId() + " of " + d.revision().id() + " is in flight");
        });
        DeployTicket ticket = new DeployTicket("rollback-" + DeployRequestIds.next(), revision,
                owner, scheduler.clock().instant());
        DeployRun run = DeployRun.rollback(this, env, plan, ticket, reason);
        runs.put(ticket.requestId(), run);
        active.put(env.name(), run);
        run.begin();
        return run;
    }

    public Optional<DeployHandle> deployment(String requestId) {
        return Optional.ofNullable(runs.get(requestId));
    }

    public Optional<DeployHandle> active(String environment) {
        return Optional.ofNullable(active.get(environment));
    }

    @Override
    public synchronized void finished(DeployRun run, Optional<DeployTicket> next) {
        active.remove(run.environment(), run);
        if (next.isEmpty()) {
            return;
        }
        EnvironmentConfig env = environment(run.environment());
        DeployRun queuedRun = queued.remove(next.get().requestId());
        if (queuedRun == null) {
            // Queued by another process: its request is ours to run now.
            queuedRun = new DeployRun(this, env, plan(env, next.get().revision()), next.get(), false);
            runs.put(next.get().requestId(), queuedRun);
        }
        active.put(env.name(), queuedRun);
        DeployRun toStart = queuedRun;
        scheduler.execute(toStart::begin);
    }

    @Override
    public ClusterEngine engine(String environment, String cluster) {
        return engines.computeIfAbsent(environment + "/" + cluster, key -> {
            DefaultAnalysisLauncher.Builder launcher = DefaultAnalysisLauncher.builder()
                    .scheduler(scheduler)
                    .templates(templates)
                    .secretResolver(secrets)
                    .provider(s.providers().toArray(MetricProvider[]::new))
                    .metrics(s.metrics());
            ScriptedMetrics scripted = s.scriptedByCluster().getOrDefault(cluster, s.scripted());
            if (scripted != null) {
                // Each cluster plays its script from the start, not from where another one is.
                launcher.scriptedMetrics(ScriptedMetrics.of(scripted.metricNames().stream()
                        .collect(java.util.stream.Collectors.toMap(n -> n, scripted::script,
                                (a, b) -> a, java.util.LinkedHashMap::new))));
            }
            if (s.providerExecutor() != null) {
                launcher.providerExecutor(s.providerExecutor());
            }
            ContextLauncher context = new ContextLauncher(launcher.build());
            dev.rollout.api.spi.ClusterTarget target = targets.target(cluster);
            RolloutEngine engine = RolloutEngine.builder()
                    .scheduler(scheduler)
                    .stateStore(new PrefixedStateStore(engineStore,
                            "rollouts/" + config.name() + "/" + environment + "/" + cluster + "/"))
                    .target(target)
                    .analysisLauncher(context)
                    .listener(event -> onRolloutEvent(environment, cluster, event))
                    .metrics(s.metrics())
                    .build();
            return new ClusterEngine(cluster, engine, context, target);
        });
    }

    private void onRolloutEvent(String environment, String cluster,
            dev.rollout.api.event.RolloutEvent event) {
        for (RolloutListener listener : s.rolloutListeners()) {
            try {
                if (listener instanceof dev.rollout.core.conductor.ClusterRolloutListener c) {
                    c.onClusterEvent(environment, cluster, event);
                } else {
                    listener.onEvent(event);
                }
            } catch (RuntimeException e) {
                LOG.warn("rollout listener failed on {}: {}", event, e.toString());
            }
        }
        DeployRun run = active.get(environment);
        if (run != null) {
            scheduler.execute(() -> run.check(cluster));
        }
    }

    @Override
    public PreDeployHookRunner hookRunner(HookConfig hook) {
        return hook.job().isPresent() ? s.jobHooks() : commandHooks;
    }

    @Override
    public void emit(DeployEvent event) {
        synchronized (listenerLock) {
            for (DeployListener listener : s.listeners()) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    LOG.warn("deploy listener failed on {}: {}", event.type(), e.toString());
                }
            }
        }
    }

    @Override
    public void notify(String environment, DeployNotification notification) {
        for (Notifier notifier : notifiers.getOrDefault(environment, List.of())) {
            try {
                notifier.notify(notification);
            } catch (RuntimeException e) {
                LOG.warn("notifier {} failed: {}", notifier.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private EnvironmentConfig environment(String name) {
        return config.environment(name).orElseThrow(() -> new InvalidSpecException(new SpecProblem(
                config.file().toString(), 0, "spec.environments", "no environment named '" + name
                        + "'; the config has " + String.join(", ", config.environmentNames()))));
    }

    private Revision resolve(String reference) {
        return Sources.resolve(config, source, reference);
    }

    @Override
    public void close() {
        engines.values().forEach(e -> e.engine().close());
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }
}
