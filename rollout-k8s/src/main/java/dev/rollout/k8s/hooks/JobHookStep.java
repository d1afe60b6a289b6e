package dev.rollout.k8s.hooks;

import dev.rollout.core.StepContext;
import dev.rollout.core.StepHandler;
import dev.rollout.core.StepOutcome;
import java.time.Duration;
import java.util.Objects;

/**
 * A canary step that runs a {@link HookJob} and gates the rollout on it: register it on the
 * engine's builder under a name ({@code stepHandler("db-migrate", new JobHookStep(...))}) and put
 * that custom step in the spec. As the first step it runs before any pod or traffic moves, and a
 * Job that fails or times out aborts the rollout with Kubernetes' reason; as the last step it is a
 * check that gates promotion (for a Job after promotion, see {@link PostRolloutJobs}). Never
 * blocks: the engine asks again every {@code pollInterval}. The Job runs in the rollout's
 * namespace; a restarted engine finds the same Job (the step's start time is part of its name), a
 * retried rollout starts a new one.
 */
public final class JobHookStep implements StepHandler {
    private final JobHookRunner runner;
    private final HookJob job;
    private final Duration pollInterval;

    /** A step running {@code job}, checked every {@code pollInterval}. */
    public JobHookStep(JobHookRunner runner, HookJob job, Duration pollInterval) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.job = Objects.requireNonNull(job, "job");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
    }

    @Override
    public StepOutcome execute(StepContext context) {
        HookStatus status = runner.check(context.workload().namespace(), job, context.rolloutId(),
                context.revision(), context.stepStartedAt());
        if (status instanceof HookStatus.Succeeded) {
            return StepOutcome.done();
        }
        if (status instanceof HookStatus.Failed failed) {
            return StepOutcome.fail(failed.reason());
        }
        return StepOutcome.waitFor(pollInterval);
    }
}
