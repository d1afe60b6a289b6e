package dev.rollout.core.simulation;

import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one rollout on the embedded cluster in virtual time, as {@code rollout simulate} does: the
 * stable revision starts fully available at {@code spec.replicas}, new pods are ready at once, a
 * timed pause ends at once, and the simulation stops when the rollout is Healthy or Degraded and
 * settled, or waits for a person (an indefinite pause, an inconclusive analysis). Use it in your
 * own tests to check specs and analysis templates before they reach a cluster.
 *
 * <pre>{@code
 * Simulation.Result result = Simulation.builder()
 *         .spec(rollout).templates(templates)
 *         .scriptedMetrics(ScriptedMetrics.load(Path.of("metrics.yaml")))
 *         .build().run();
 * assertThat(result.status().phase()).isEqualTo(RolloutPhase.Healthy);
 * }</pre>
 *
 * Not thread-safe; each {@link #run()} builds a fresh cluster, engine and clock.
 */
public final class Simulation {
    /** The virtual instant every simulation starts at. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** The id of the revision running before the rollout. */
    public static final String STABLE_REVISION = "1";
    /** The id of the revision rolled out. */
    public static final String NEW_REVISION = "2";
    /**
     * The namespace a spec that names none is simulated in: not a namespace of any real cluster,
     * so such a spec sees only templates that name no namespace either, as {@code rollout lint}
     * checks it.
     */
    public static final String NO_NAMESPACE = "simulation";

    private final RolloutSpec spec;
    private final List<AnalysisTemplate> templates;
    private final Map<String, MetricProvider> providers;
    private final Optional<ScriptedMetrics> scripted;
    private final Duration maxVirtualTime;
    private final List<RolloutListener> listeners;
    private final SecretResolver secrets;

    private Simulation(Builder b) {
        this.secrets = b.secrets;
        RolloutSpec given = Objects.requireNonNull(b.spec, "spec");
        this.spec = given.namespace().isPresent() ? given : given.inNamespace(NO_NAMESPACE);
        this.templates = List.copyOf(b.templates);
        this.providers = Map.copyOf(b.providers);
        this.scripted = Optional.ofNullable(b.scripted);
        this.maxVirtualTime = b.maxVirtualTime;
        this.listeners = List.copyOf(b.listeners);
    }

    /** A builder; only the spec is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the simulation to its end and returns the final status. */
    public Result run() {
        MockClock clock = new MockClock(START);
        // Real (unscripted) providers hold virtual time until they answer, tracked by the scheduler.
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        EmbeddedCluster cluster = EmbeddedCluster.builder().clock(clock).build();
        WorkloadRef workload = new WorkloadRef(spec.namespace().orElseThrow(), spec.name());
        cluster.deploy(workload, Revision.of(STABLE_REVISION), spec.replicas(), services(spec));

        DefaultAnalysisLauncher.Builder launcher = DefaultAnalysisLauncher.builder()
                .scheduler(scheduler)
                .templates(TemplateRegistry.of(templates))
                // Providers are called on the driving thread, so measurements start in a fixed order.
                .providerExecutor(Runnable::run)
                .provider(providers.values().toArray(MetricProvider[]::new));
        scripted.ifPresent(launcher::scriptedMetrics);
        launcher.secretResolver(secrets);
        RolloutEngine.Builder engineBuilder = RolloutEngine.builder()
                .scheduler(scheduler)
                // A missed progress deadline waits for a person; no endless re-checks.
                .degradedPollInterval(Duration.ZERO)
                .target(cluster)
                .analysisLauncher(launcher.build());
        listeners.forEach(engineBuilder::listener);
        try (RolloutEngine engine = engineBuilder.build()) {
            RolloutHandle handle = engine.start(spec, cluster.name(), Revision.of(NEW_REVISION));
            boolean stoppedAtLimit = drive(scheduler, clock, handle);
            return new Result(handle.status(), NEW_REVISION, START, clock.instant(), stoppedAtLimit);
        }
    }

    /** Runs tasks in time order until the rollout settles; true if stopped by the time limit. */
    private boolean drive(VirtualScheduler scheduler, MockClock clock, RolloutHandle handle) {
        Instant limit = START.plus(maxVirtualTime);
        while (true) {
            // Everything of this instant, including the answers of real providers still in flight.
            scheduler.runUntilIdle(Duration.ZERO);
            RolloutStatus status = handle.status();
            if (WaitingForPerson.test(spec, status) && !scriptStillPlaying(status)) {
                return false;
            }
            Optional<Instant> next = scheduler.nextDue();
            if (next.isEmpty()) {
                return false;
            }
            if (next.get().isAfter(limit)) {
                return true;
            }
            Duration step = Duration.between(clock.instant(), next.get());
            if (!step.isNegative() && !step.isZero()) {
                clock.add(step);
            }
        }
    }

    /**
     * Whether an analysis still running (background analysis goes on during a pause, as in Argo)
     * has scripted values it has not measured yet: the simulation plays them out, since one of
     * them may still fail the rollout. Real providers are not waited for at a pause.
     */
    private boolean scriptStillPlaying(RolloutStatus status) {
        if (scripted.isEmpty()) {
            return false;
        }
        return status.analysisRuns().stream()
                .filter(run -> !run.phase().isCompleted())
                .flatMap(run -> run.metrics().stream())
                .filter(metric -> !metric.phase().isCompleted()
                        && scripted.get().scripts(metric.name()))
                .anyMatch(metric -> metric.count() + metric.error()
                        < scripted.get().script(metric.name()).size());
    }

    /** The services a rollout's strategy switches or routes through (blue/green, canary services). */
    public static Set<String> services(RolloutSpec spec) {
        Set<String> services = new LinkedHashSet<>();
        if (spec.strategy() instanceof BlueGreenStrategy blueGreen) {
            services.add(blueGreen.activeService());
            blueGreen.previewService().ifPresent(services::add);
        } else if (spec.strategy() instanceof CanaryStrategy canary) {
            canary.stableService().ifPresent(services::add);
            canary.canaryService().ifPresent(services::add);
        }
        return services;
    }

    /**
     * How a simulation ended.
     *
     * @param status the rollout's final status
     * @param newRevisionId the id of the revision rolled out
     * @param start the virtual start
     * @param end the virtual instant the simulation stopped at
     * @param stoppedAtLimit whether it was stopped by the virtual time limit
     */
    public record Result(RolloutStatus status, String newRevisionId, Instant start, Instant end,
            boolean stoppedAtLimit) {
        /** The result as plain JSON values (instants as ISO-8601 strings), for Jackson without modules. */
        @com.fasterxml.jackson.annotation.JsonValue
        private Map<String, Object> json() {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("status", status);
            json.put("newRevisionId", newRevisionId);
            json.put("start", start.toString());
            json.put("end", end.toString());
            json.put("stoppedAtLimit", stoppedAtLimit);
            return json;
        }
    }

    /** Configures a simulation. */
    public static final class Builder {
        private RolloutSpec spec;
        private final List<AnalysisTemplate> templates = new ArrayList<>();
        private final Map<String, MetricProvider> providers = new java.util.LinkedHashMap<>();
        private ScriptedMetrics scripted;
        private Duration maxVirtualTime = Duration.ofDays(7);
        private final List<RolloutListener> listeners = new ArrayList<>();
        private SecretResolver secrets = new EnvironmentSecretResolver();

        private Builder() {
        }

        /**
         * Resolves {@code valueFrom.secretKeyRef} args (default: the environment, see
         * {@link EnvironmentSecretResolver}).
         */
        public Builder secretResolver(SecretResolver resolver) {
            this.secrets = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** The rollout to simulate. */
        public Builder spec(RolloutSpec spec) {
            this.spec = spec;
            return this;
        }

        /** Analysis templates the rollout refers to. */
        public Builder templates(List<AnalysisTemplate> templates) {
            this.templates.addAll(templates);
            return this;
        }

        /** Real providers for metrics that are not scripted, by type. */
        public Builder providers(Map<String, MetricProvider> providers) {
            this.providers.putAll(providers);
            return this;
        }

        /** Scripted metric values; scripted metrics never reach their real provider. */
        public Builder scriptedMetrics(ScriptedMetrics scripted) {
            this.scripted = scripted;
            return this;
        }

        /** Virtual time after which a simulation that never settles stops (default 7 days). */
        public Builder maxVirtualTime(Duration limit) {
            if (limit.isZero() || limit.isNegative()) {
                throw new IllegalArgumentException("maxVirtualTime must be positive, was " + limit);
            }
            this.maxVirtualTime = limit;
            return this;
        }

        /** Receives every event, stamped with virtual time from {@link Simulation#START}. */
        public Builder listener(RolloutListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Builds the simulation. */
        public Simulation build() {
            return new Simulation(this);
        }
    }
}
