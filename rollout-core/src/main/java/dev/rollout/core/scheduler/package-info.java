/**
 * Schedulers that drive every rollout of an engine: {@link dev.rollout.core.scheduler.ExecutorScheduler}
 * on real time with a small pool of daemon threads, and
 * {@link dev.rollout.core.scheduler.VirtualScheduler} on virtual time for tests and the simulator.
 */
package dev.rollout.core.scheduler;
