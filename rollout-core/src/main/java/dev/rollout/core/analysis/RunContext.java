package dev.rollout.core.analysis;

import dev.rollout.api.Scheduler;
import dev.rollout.api.spi.MetricProvider;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * What every run of a launcher shares.
 *
 * @param scheduler drives measurements and gives the time
 * @param providerExecutor where providers' {@code measure} is called, off the scheduler thread
 * @param measurementTimeout how long a measurement may take before it is cancelled as an Error
 * @param errorRetryInterval the wait after an Error instead of the interval (Argo: 10 s)
 * @param answersInVirtualTime the providers that are part of the scheduler's own time (scripted
 *     values): called on the scheduler thread, never tracked, timed out on the scheduler's clock
 */
record RunContext(Scheduler scheduler, Executor providerExecutor, Duration measurementTimeout,
        Duration errorRetryInterval, Predicate<MetricProvider> answersInVirtualTime) {
}
