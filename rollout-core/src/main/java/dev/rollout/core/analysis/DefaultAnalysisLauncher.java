package dev.rollout.core.analysis;

import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.judge.JudgeMetricProvider;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Runs analysis templates with Argo's semantics (DESIGN §4) on an injected {@link Scheduler}:
 * measurements of a run's metrics in parallel, each through its {@link MetricProvider} off the
 * scheduler thread and with a timeout, secrets redacted from everything it reports. Built with
 * {@link #builder()}; immutable and thread-safe once built.
 *
 * <p>Time: every call of a real provider is announced with {@link Scheduler#track}. On a real-time
 * scheduler ({@code ExecutorScheduler} with {@code Clock.SYSTEM}, the choice for production) that
 * changes nothing. A {@code VirtualScheduler} holds its clock until the call's outcome is queued
 * and the measurement's timeout then runs on real time, so virtual time never expires a real call
 * in flight. Scripted values are part of the scheduler's own time: they are answered on the
 * scheduler thread and time out (a scripted hang) on its clock.
 */
public final class DefaultAnalysisLauncher implements AnalysisLauncher {
    /** Threads of the default provider executor: at most this many providers run at once. */
    public static final int DEFAULT_MAX_PROVIDER_THREADS = 64;
    /** Measurements the default provider executor queues while all its threads are busy. */
    public static final int DEFAULT_MAX_QUEUED_MEASUREMENTS = 10_000;

    private static final ExecutorService SHARED_PROVIDER_EXECUTOR = newProviderExecutor(
            DEFAULT_MAX_PROVIDER_THREADS, DEFAULT_MAX_QUEUED_MEASUREMENTS);

    private final RunContext context;
    private final TemplateRegistry templates;
    private final Map<String, MetricProvider> providers;
    private final ScriptedMetrics scripted;
    private final SecretResolver secretResolver;
    private final ConditionCompiler conditions;
    private final AnalysisChecker checker;
    private final RolloutMetrics metrics;

    private DefaultAnalysisLauncher(Builder b) {
        ScriptedMetrics script = b.scripted;
        this.context = new RunContext(b.scheduler, b.providerExecutor, b.measurementTimeout,
                Duration.ofSeconds(10), p -> script != null && p == script.provider());
        this.templates = b.templates;
        Map<String, MetricProvider> all = new LinkedHashMap<>(b.providers);
        // The judge is built in: it measures its sides through this launcher's providers (and
        // scripted values), unless the caller registered a judge of its own.
        all.putIfAbsent(JudgeMetricProvider.TYPE, new JudgeMetricProvider(this::providerFor,
                ProviderKeys.ARGO));
        this.providers = Map.copyOf(all);
        this.scripted = b.scripted;
        this.secretResolver = b.secretResolver;
        this.conditions = b.conditions;
        this.metrics = b.metrics;
        // Scripted metrics never reach their provider, but their blocks still have to be valid
        // for the day they are measured for real.
        this.checker = AnalysisChecker.of(templates).providers(this.providers).resolvingSecrets(secretResolver);
    }

    /**
     * A bounded executor for providers' {@code measure}: at most {@code maxThreads} daemon threads
     * named {@code rollout-provider-N}, created on demand and ended after a minute idle, and at most
     * {@code maxQueued} waiting measurements. An idle thread takes a measurement at once, a new
     * thread starts only when none is idle, and measurements queue only once all are busy. Bounded
     * so that providers that hang (blocking by mistake) cannot grow threads without limit: later
     * measurements wait in the queue and time out as Errors on the scheduler; once the queue is full too, {@code execute} throws a
     * {@link RejectedExecutionException} that the run records as an Error measurement.
     */
    public static ExecutorService newProviderExecutor(int maxThreads, int maxQueued) {
        return ProviderPool.create(maxThreads, maxQueued);
    }

    /** A builder; only {@code scheduler} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The templates this launcher resolves references against. */
    public TemplateRegistry templates() {
        return templates;
    }

    @Override
    public AnalysisRun start(AnalysisRunRequest request, Consumer<AnalysisRunStatus> onUpdate) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(onUpdate, "onUpdate");
        ResolvedAnalysis resolved = templates.resolve(request.namespace(), request.analysis(),
                request.context(), secretResolver);
        RunPlanner.Plan plan = RunPlanner.plan(resolved, conditions, this::providerFor);
        AnalysisRunImpl run = new AnalysisRunImpl(context, withMetrics(request, plan.metrics()),
                plan.metrics(),
                m -> providerFor(m.name(), m.providerType()), resolved.secrets(), onUpdate);
        if (plan.isValid()) {
            run.start();
        } else {
            run.failInvalid(String.join("; ", plan.problems()));
        }
        return run;
    }

    /**
     * Checks {@code analysis} with the {@link AnalysisChecker}: templates, args, secrets through
     * this launcher's resolver, and provider blocks of its providers.
     */
    @Override
    public List<SpecProblem> check(Optional<String> namespace, SpecAnalysis analysis) {
        return checker.check(namespace, analysis);
    }

    private AnalysisRunRequest withMetrics(AnalysisRunRequest request, List<ResolvedMetric> planned) {
        if (metrics == RolloutMetrics.NOOP) {
            return request;
        }
        Map<String, String> types = new LinkedHashMap<>();
        for (ResolvedMetric m : planned) {
            MetricProvider p = providerFor(m.name(), m.providerType());
            types.put(m.name(), p != null ? p.type() : m.providerType());
        }
        return MeasurementMetrics.wrap(request, metrics, types);
    }

    private MetricProvider providerFor(Metric metric) {
        return providerFor(metric.name(), metric.providerType());
    }

    private MetricProvider providerFor(String metricName, String type) {
        if (scripted != null && scripted.scripts(metricName)) {
            return scripted.provider();
        }
        return providers.get(type);
    }

    /** Builds a {@link DefaultAnalysisLauncher}. Not thread-safe. */
    public static final class Builder {
        private Scheduler scheduler;
        private TemplateRegistry templates = TemplateRegistry.of();
        private final Map<String, MetricProvider> providers = new LinkedHashMap<>();
        private ScriptedMetrics scripted;
        private SecretResolver secretResolver;
        private ConditionCompiler conditions = Conditions::compile;
        private Executor providerExecutor = SHARED_PROVIDER_EXECUTOR;
        private Duration measurementTimeout = Duration.ofSeconds(30);
        private RolloutMetrics metrics = RolloutMetrics.NOOP;

        private Builder() {
        }

        /**
         * Records every measurement (phase, provider type, latency) through
         * {@link RolloutMetrics#measured}; default {@link RolloutMetrics#NOOP}.
         */
        public Builder metrics(RolloutMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** The scheduler that drives measurements and gives the time (required). */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** The templates references are resolved against (default: none). */
        public Builder templates(TemplateRegistry templates) {
            this.templates = Objects.requireNonNull(templates, "templates");
            return this;
        }

        /** Registers providers by their {@link MetricProvider#type()}; a later one replaces an earlier one of the same type. */
        public Builder provider(MetricProvider... providers) {
            for (MetricProvider p : providers) {
                this.providers.put(Objects.requireNonNull(p, "provider").type(), p);
            }
            return this;
        }

        /** Scripted values that take precedence over the real provider of the metrics they script. */
        public Builder scriptedMetrics(ScriptedMetrics scripted) {
            this.scripted = scripted;
            return this;
        }

        /** Resolves {@code valueFrom.secretKeyRef} args (default: none, so secret args fail to resolve). */
        public Builder secretResolver(SecretResolver resolver) {
            this.secretResolver = resolver;
            return this;
        }

        /** Compiles conditions (default: {@link Conditions#compile(String)}). */
        public Builder conditionCompiler(ConditionCompiler compiler) {
            this.conditions = Objects.requireNonNull(compiler, "conditionCompiler");
            return this;
        }

        /**
         * Where providers' {@code measure} is called, so a provider that blocks by mistake never
         * holds the scheduler thread (default: one shared {@link #newProviderExecutor(int, int)} of
         * {@value #DEFAULT_MAX_PROVIDER_THREADS} threads and {@value #DEFAULT_MAX_QUEUED_MEASUREMENTS}
         * queued measurements).
         */
        public Builder providerExecutor(Executor executor) {
            this.providerExecutor = Objects.requireNonNull(executor, "providerExecutor");
            return this;
        }

        /**
         * How long a measurement may take before it is cancelled and counted as an Error (default
         * 30 s): on the scheduler's clock, or in real time for a real provider under a scheduler
         * that holds its virtual clock for it ({@link Scheduler#track}).
         */
        public Builder measurementTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("measurementTimeout must be positive, was " + timeout);
            }
            this.measurementTimeout = timeout;
            return this;
        }

        /** The launcher. */
        public DefaultAnalysisLauncher build() {
            Objects.requireNonNull(scheduler, "scheduler must be set");
            return new DefaultAnalysisLauncher(this);
        }
    }
}
