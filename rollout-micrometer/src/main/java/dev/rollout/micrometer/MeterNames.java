package dev.rollout.micrometer;

/**
 * The names of the meters {@link MicrometerRolloutMetrics} records, in Micrometer's dotted form
 * (a Prometheus registry writes {@code rollout.phase} as {@code rollout_phase}, a counter with a
 * {@code _total} suffix and a timer in {@code _seconds}). Where Argo Rollouts' controller has a
 * metric for the same thing, the name is Argo's; docs/metrics.md maps each one.
 */
public final class MeterNames {
    /** Gauge, tag {@code phase}: rollouts in each phase (Argo {@code rollout_phase}). */
    public static final String ROLLOUT_PHASE = "rollout.phase";
    /** Counter, tags {@code type} (Normal, Warning) and {@code reason}: events (Argo {@code rollout_events_total}). */
    public static final String ROLLOUT_EVENTS = "rollout.events";
    /** Timer, tag {@code type}: from a step's start to its completion. */
    public static final String STEP_DURATION = "rollout.step.duration";
    /** Gauge, tag {@code phase} (Pending, Running): analysis runs in flight (Argo {@code analysis_run_phase}). */
    public static final String ANALYSIS_RUN_PHASE = "analysis.run.phase";
    /** Counter, tag {@code phase}: analysis runs that ended in each phase. */
    public static final String ANALYSIS_RUN_COMPLETED = "analysis.run.completed";
    /** Counter, tags {@code provider} and {@code phase}: measurements taken. */
    public static final String MEASUREMENTS = "analysis.run.measurements";
    /** Timer, tag {@code provider}: from a measurement's start to its outcome. */
    public static final String MEASUREMENT_DURATION = "analysis.run.measurement.duration";
    /** Counter, tags {@code provider}, {@code status} and {@code outcome}: HTTP requests of providers. */
    public static final String PROVIDER_REQUESTS = "rollout.provider.requests";
    /** Counter, tag {@code provider}: HTTP 429 answers (rate limited). */
    public static final String PROVIDER_RATE_LIMITED = "rollout.provider.rate.limited";
    /** Timer, tag {@code provider}: from sending a provider's HTTP request to its answer. */
    public static final String PROVIDER_REQUEST_DURATION = "rollout.provider.request.duration";
    /** Gauge, tags {@code service} and {@code environment}: deploy requests waiting. */
    public static final String CONDUCTOR_QUEUE_LENGTH = "rollout.conductor.queue.length";
    /** Counter, tags {@code service}, {@code environment} and {@code reason}: requests refused or superseded. */
    public static final String CONDUCTOR_REFUSALS = "rollout.conductor.refusals";

    private MeterNames() {
    }
}
