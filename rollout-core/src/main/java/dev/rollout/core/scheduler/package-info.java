/**
 * Schedulers that drive every rollout of an engine: {@link dev.rollout.core.scheduler.ExecutorScheduler}
 * on real time with a small pool of daemon threads, and
 * {@link dev.rollout.core.scheduler.VirtualScheduler} on virtual time for tests and the simulator.
 *
 * <p>Which time to use: production runs on real time ({@code ExecutorScheduler}, whose clock is
 * {@code Clock.SYSTEM}); the engine's threads drive rollouts and a caller waits with
 * {@code RolloutHandle.await(Duration)} or {@code completion()}. Virtual time
 * ({@code VirtualScheduler} with a {@code MockClock}) is for tests and simulations: the caller's
 * thread drives it with {@code runUntilIdle} or {@code advance}, and a one-hour pause ends at once.
 * Real providers (web, Datadog) may be used on virtual time: the clock holds while their calls are
 * in flight ({@link dev.rollout.api.Scheduler#track}), so no measurement expires in virtual time.
 */
package dev.rollout.core.scheduler;
