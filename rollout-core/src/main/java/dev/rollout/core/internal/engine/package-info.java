/**
 * The state machine every rollout shares, its persisted state and JSON codec; not part of the
 * public API. One {@code RolloutMachine} per rollout serialises actions and reconciles under one
 * lock, compares what it would apply with what it applied before (persisted), and persists every
 * change with compare-and-set before it delivers the change's events. Events are delivered after
 * the lock is released, one thread at a time and in order, so a listener may call any rollout's
 * handle without deadlock.
 */
package dev.rollout.core.internal.engine;
