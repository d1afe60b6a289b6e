package dev.rollout.core.analysis.internal;

import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * What every run of a launcher shares.
 *
 * @param scheduler drives measurements and gives the time
 * @param providerExecutor where providers' {@code measure} is called, off the scheduler thread
 * @param measurementTimeout how long a measurement may take before it is cancelled as an Error
 * @param errorRetryInterval the wait after an Error instead of the interval (Argo: 10 s)
 */
public record RunContext(Scheduler scheduler, Executor providerExecutor, Duration measurementTimeout,
        Duration errorRetryInterval) {
}
