package dev.rollout.micrometer;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.spi.RolloutMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records rollout, analysis, provider and conductor metrics on a Micrometer {@link MeterRegistry};
 * the names are in {@link MeterNames} and docs/metrics.md. Give one instance to every builder:
 *
 * <pre>{@code
 * RolloutMetrics metrics = new MicrometerRolloutMetrics(registry);
 * DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().metrics(metrics)...build();
 * RolloutEngine engine = RolloutEngine.builder().metrics(metrics).analysisLauncher(launcher)...build();
 * DatadogMetricProvider datadog = DatadogMetricProvider.builder(config).metrics(metrics).build();
 * Conductor conductor = Conductor.builder().metrics(metrics)...build();
 * }</pre>
 *
 * Gauges count what the events of this process showed: a rollout resumed from a state store
 * counts from its next phase change on. Thread-safe.
 */
public final class MicrometerRolloutMetrics implements RolloutMetrics {
    private final MeterRegistry registry;
    private final Tags common;
    private final Map<RolloutPhase, AtomicInteger> rolloutPhases = new EnumMap<>(RolloutPhase.class);
    private final Map<AnalysisPhase, AtomicInteger> runPhases = new EnumMap<>(AnalysisPhase.class);
    private final Map<String, AtomicInteger> queues = new ConcurrentHashMap<>();

    /** Metrics on {@code registry} with no tags of their own. */
    public MicrometerRolloutMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** Metrics on {@code registry}, each with {@code commonTags} (for example the engine's name). */
    public MicrometerRolloutMetrics(MeterRegistry registry, Iterable<Tag> commonTags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.common = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
        // Every phase is registered at once, so a phase with no rollout reads 0 rather than absent.
        for (RolloutPhase phase : RolloutPhase.values()) {
            AtomicInteger n = new AtomicInteger();
            rolloutPhases.put(phase, n);
            Gauge.builder(MeterNames.ROLLOUT_PHASE, n, AtomicInteger::get)
                    .description("Rollouts in each phase")
                    .tags(common).tag("phase", phase.name())
                    .register(registry);
        }
        for (AnalysisPhase phase : new AnalysisPhase[] {AnalysisPhase.Pending, AnalysisPhase.Running}) {
            AtomicInteger n = new AtomicInteger();
            runPhases.put(phase, n);
            Gauge.builder(MeterNames.ANALYSIS_RUN_PHASE, n, AtomicInteger::get)
                    .description("Analysis runs in flight, by phase")
                    .tags(common).tag("phase", phase.name())
                    .register(registry);
        }
    }

    /** The registry meters are recorded on. */
    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public RolloutListener rolloutListener() {
        return new EngineMeters(this);
    }

    @Override
    public void measured(String provider, AnalysisPhase phase, Duration latency) {
        Counter.builder(MeterNames.MEASUREMENTS).description("Measurements taken")
                .tags(common).tag("provider", provider).tag("phase", phase.name())
                .register(registry).increment();
        Timer.builder(MeterNames.MEASUREMENT_DURATION).description("Measurement latency")
                .tags(common).tag("provider", provider)
                .register(registry).record(latency);
    }

    @Override
    public void providerRequest(String provider, int status, Duration latency) {
        Counter.builder(MeterNames.PROVIDER_REQUESTS).description("HTTP requests of metric providers")
                .tags(common).tag("provider", provider)
                .tag("status", status == 0 ? "IO_ERROR" : Integer.toString(status))
                .tag("outcome", outcome(status))
                .register(registry).increment();
        if (status == 429) {
            Counter.builder(MeterNames.PROVIDER_RATE_LIMITED).description("HTTP 429 answers to providers")
                    .tags(common).tag("provider", provider)
                    .register(registry).increment();
        }
        Timer.builder(MeterNames.PROVIDER_REQUEST_DURATION).description("Provider HTTP request latency")
                .tags(common).tag("provider", provider)
                .register(registry).record(latency);
    }

    @Override
    public void deployQueue(String service, String environment, int waiting) {
        queues.computeIfAbsent(service + "\u0000" + environment, k -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder(MeterNames.CONDUCTOR_QUEUE_LENGTH, n, AtomicInteger::get)
                    .description("Deploy requests waiting behind the deploy in flight")
                    .tags(common).tag("service", service).tag("environment", environment)
                    .register(registry);
            return n;
        }).set(waiting);
    }

    @Override
    public void deployRefused(String service, String environment, String reason) {
        Counter.builder(MeterNames.CONDUCTOR_REFUSALS).description("Deploy requests refused or superseded")
                .tags(common).tag("service", service).tag("environment", environment).tag("reason", reason)
                .register(registry).increment();
    }

    /** Moves one rollout between phase gauges; {@code from} null for a rollout not seen before. */
    void rolloutPhase(RolloutPhase from, RolloutPhase to) {
        if (from == to) {
            return;
        }
        if (from != null) {
            rolloutPhases.get(from).decrementAndGet();
        }
        rolloutPhases.get(to).incrementAndGet();
    }

    /**
     * Moves one analysis run between phases: in-flight phases are gauges, a completed phase is
     * counted; {@code from} null for a run not seen before.
     */
    void analysisRunPhase(AnalysisPhase from, AnalysisPhase to) {
        if (from == to) {
            return;
        }
        if (from != null && runPhases.containsKey(from)) {
            runPhases.get(from).decrementAndGet();
        }
        AtomicInteger inFlight = runPhases.get(to);
        if (inFlight != null) {
            inFlight.incrementAndGet();
        } else {
            Counter.builder(MeterNames.ANALYSIS_RUN_COMPLETED).description("Analysis runs ended, by phase")
                    .tags(common).tag("phase", to.name())
                    .register(registry).increment();
        }
    }

    /** Counts a rollout event, as Argo counts its Kubernetes events. */
    void event(String type, String reason) {
        Counter.builder(MeterNames.ROLLOUT_EVENTS).description("Rollout events")
                .tags(common).tag("type", type).tag("reason", reason)
                .register(registry).increment();
    }

    /** Records a completed step's duration. */
    void step(String type, Duration duration) {
        Timer.builder(MeterNames.STEP_DURATION).description("Step durations")
                .tags(common).tag("type", type)
                .register(registry).record(duration);
    }

    private static String outcome(int status) {
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        if (status >= 500 && status < 600) {
            return "SERVER_ERROR";
        }
        return "UNKNOWN";
    }

    @Override
    public String toString() {
        return "MicrometerRolloutMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
