package dev.rollout.core.conductor;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.Notifier;
import dev.rollout.api.spi.RevisionSource;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.conductor.config.ServiceConfig;
import dev.rollout.core.conductor.hooks.PreDeployHookRunner;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.spec.LoadedSpecs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The deployment conductor: ships one service to every cluster of an environment, wave by wave,
 * in release order, with per-cluster values, version tracking, gates, hooks and notifications.
 * One conductor per service config; each cluster's rollout runs on the engine with the same
 * strategy, and every decision is recorded in the version store.
 *
 * <pre>{@code
 * Conductor conductor = Conductor.builder()
 *         .config(ServiceConfigLoader.load(Path.of("service.yaml")))
 *         .scheduler(scheduler)
 *         .build();
 * DeployHandle deploy = conductor.deploy(DeployRequest.of("production", "a1b2c3d"));
 * }</pre>
 *
 * Per service and environment one deploy runs at a time; a request for a newer release waits in
 * a single pending slot (a still newer one supersedes it), and a request older than what is
 * deployed or deploying is refused. Thread-safe.
 */
public final class Conductor implements AutoCloseable {
    private final ConductorCore core;
    private final RolloutMetrics metrics;

    private Conductor(ConductorCore core, RolloutMetrics metrics) {
        this.core = core;
        this.metrics = metrics;
    }

    /** A builder; the config is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The service config. */
    public ServiceConfig config() {
        return core.config();
    }

    /**
     * What deploying {@code revision} to {@code environment} would do; changes nothing.
     *
     * @throws InvalidSpecException for an unknown environment or revision, or bad values
     */
    public DeployPlan plan(String environment, String revision) {
        return core.plan(environment, revision);
    }

    /**
     * Takes a deploy request: runs it now, queues it behind the deploy in flight, or refuses it
     * when it is older than what the environment runs or is deploying (the handle then reports
     * {@code Refused} at once). Returns at once; the deploy runs on the scheduler.
     *
     * @throws InvalidSpecException for an unknown environment or revision, bad values or a hook
     *     that cannot run; nothing is changed then
     */
    public DeployHandle deploy(DeployRequest request) {
        try {
            return core.deploy(request);
        } catch (DeployRefusedException e) {
            // The one refusal that is thrown rather than reported on the handle and in events.
            try {
                metrics.deployRefused(core.service(), request.environment(),
                        DeployMetrics.ENVIRONMENT_NOT_REACHED);
            } catch (RuntimeException ignored) {
                // Metrics never change what the caller sees.
            }
            throw e;
        }
    }

    /**
     * Rolls an environment back to an older revision: a recorded, deliberate exception to the
     * no-regression rule. Every cluster goes to {@code revision} at once (no steps, no analysis, no
     * gates), in wave order.
     *
     * @throws RolloutException if a deploy is in flight in the environment
     */
    public DeployHandle rollback(String environment, String revision, String reason) {
        return core.rollback(environment, revision, reason);
    }

    /**
     * Continues the deploy the version store has in flight for {@code environment} when the
     * process that ran it is gone: clusters it finished are not deployed again; the gate of the
     * last finished wave runs again.
     */
    public Optional<DeployHandle> resume(String environment) {
        return core.resume(environment);
    }

    /** Approves what the environment's deploy waits for (a gate, a paused rollout). */
    public Optional<DeployStatus> approve(String environment) {
        return core.active(environment).map(DeployHandle::approve);
    }

    /** The deploy of that request, if this conductor took it. */
    public Optional<DeployHandle> deployment(String requestId) {
        return core.deployment(requestId);
    }

    /** The environment's deploy running or waiting in this conductor, if any. */
    public Optional<DeployHandle> active(String environment) {
        return core.active(environment);
    }

    /** Which revision runs on which cluster of the environment, and its history. */
    public EnvironmentVersions versions(String environment) {
        return core.versions(environment);
    }

    /** Stops every cluster engine; deploys in flight stay recorded and can be resumed. */
    @Override
    public void close() {
        core.close();
    }

    /** Configures a conductor. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private ServiceConfig config;
        private LoadedSpecs rollout;
        private RevisionSource source;
        private Scheduler scheduler;
        private StateStore store;
        private ClusterTargets targets;
        private final List<MetricProvider> providers = new ArrayList<>();
        private ScriptedMetrics scripted;
        private final Map<String, ScriptedMetrics> scriptedByCluster = new HashMap<>();
        private SecretResolver secrets;
        private Executor providerExecutor;
        private final List<Notifier> notifiers = new ArrayList<>();
        private PreDeployHookRunner commandHooks;
        private PreDeployHookRunner jobHooks;
        private final List<DeployListener> listeners = new ArrayList<>();
        private final List<RolloutListener> rolloutListeners = new ArrayList<>();
        private String owner;
        private boolean slack = true;
        private RolloutMetrics metrics = RolloutMetrics.NOOP;

        private Builder() {
        }

        /**
         * Records the deploy queue, refusals, and every cluster's rollouts and measurements;
         * default {@link RolloutMetrics#NOOP}.
         */
        public Builder metrics(RolloutMetrics value) {
            this.metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /** The service config (required). */
        public Builder config(ServiceConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** The Rollout and AnalysisTemplates (default: loaded from the config's {@code spec.rollout}). */
        public Builder rollout(LoadedSpecs value) {
            this.rollout = Objects.requireNonNull(value, "rollout");
            return this;
        }

        /**
         * The revision source (default: from {@code spec.source}; {@code static} and {@code oci}
         * are built in, {@code git} needs rollout-git's {@code GitRevisionSource} passed here).
         */
        public Builder revisionSource(RevisionSource value) {
            this.source = Objects.requireNonNull(value, "revisionSource");
            return this;
        }

        /** The scheduler every deploy and rollout runs on (default: real time, 2 threads). */
        public Builder scheduler(Scheduler value) {
            this.scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** Where versions, history and rollout state are kept (default: in memory). */
        public Builder stateStore(StateStore value) {
            this.store = Objects.requireNonNull(value, "stateStore");
            return this;
        }

        /** The clusters' targets (default: embedded clusters on the scheduler's clock). */
        public Builder clusters(ClusterTargets value) {
            this.targets = Objects.requireNonNull(value, "clusters");
            return this;
        }

        /** Real metric providers, by their type. */
        public Builder metricProvider(MetricProvider... values) {
            providers.addAll(List.of(values));
            return this;
        }

        /** Scripted metric values for every cluster. */
        public Builder scriptedMetrics(ScriptedMetrics value) {
            this.scripted = Objects.requireNonNull(value, "scriptedMetrics");
            return this;
        }

        /** Scripted metric values for one cluster, instead of the shared ones. */
        public Builder scriptedMetrics(String cluster, ScriptedMetrics value) {
            scriptedByCluster.put(Objects.requireNonNull(cluster, "cluster"),
                    Objects.requireNonNull(value, "scriptedMetrics"));
            return this;
        }

        /** Resolves secret refs: template args, the Slack webhook URL (default: environment). */
        public Builder secretResolver(SecretResolver value) {
            this.secrets = Objects.requireNonNull(value, "secretResolver");
            return this;
        }

        /** Where metric providers are called (default: the analysis launcher's bounded pool). */
        public Builder providerExecutor(Executor value) {
            this.providerExecutor = Objects.requireNonNull(value, "providerExecutor");
            return this;
        }

        /** A notifier told about every deploy of every environment, besides the config's. */
        public Builder notifier(Notifier value) {
            notifiers.add(Objects.requireNonNull(value, "notifier"));
            return this;
        }

        /** Whether the config's {@code notify: slack} entries post (default true). */
        public Builder slackNotifications(boolean enabled) {
            this.slack = enabled;
            return this;
        }

        /** Runs {@code command} hooks (default: a local process per hook). */
        public Builder commandHookRunner(PreDeployHookRunner value) {
            this.commandHooks = Objects.requireNonNull(value, "commandHookRunner");
            return this;
        }

        /** Runs {@code job} hooks (rollout-k8s's {@code JobPreDeployHookRunner}); none by default. */
        public Builder jobHookRunner(PreDeployHookRunner value) {
            this.jobHooks = Objects.requireNonNull(value, "jobHookRunner");
            return this;
        }

        /** Receives every deploy event. */
        public Builder listener(DeployListener value) {
            listeners.add(Objects.requireNonNull(value, "listener"));
            return this;
        }

        /**
         * Receives every rollout event of every cluster; a {@link ClusterRolloutListener} also
         * learns the environment and cluster of each.
         */
        public Builder rolloutListener(RolloutListener value) {
            rolloutListeners.add(Objects.requireNonNull(value, "rolloutListener"));
            return this;
        }

        /** Receives every rollout event of every cluster, with the environment and cluster. */
        public Builder clusterRolloutListener(ClusterRolloutListener value) {
            rolloutListeners.add(Objects.requireNonNull(value, "clusterRolloutListener"));
            return this;
        }

        /**
         * Who this conductor is in the version store (default {@code pid@host}); a deploy in flight
         * whose owner is a process on this host that no longer runs may be resumed.
         */
        public Builder owner(String value) {
            this.owner = Objects.requireNonNull(value, "owner");
            return this;
        }

        /**
         * Builds the conductor: loads the rollout file and checks it against the config.
         *
         * @throws InvalidSpecException if the rollout file is invalid or holds no Rollout
         */
        public Conductor build() {
            if (config == null) {
                throw new IllegalStateException("config is required");
            }
            List<DeployListener> deployListeners = new ArrayList<>(listeners);
            if (metrics != RolloutMetrics.NOOP) {
                deployListeners.add(new DeployMetrics(metrics));
            }
            return new Conductor(new ConductorCore(new ConductorCore.Settings(config, rollout,
                    source, scheduler, store, targets, List.copyOf(providers), scripted,
                    Map.copyOf(scriptedByCluster), secrets, providerExecutor,
                    List.copyOf(notifiers), slack, commandHooks, jobHooks,
                    List.copyOf(deployListeners), List.copyOf(rolloutListeners), owner, metrics)),
                    metrics);
        }
    }
}
