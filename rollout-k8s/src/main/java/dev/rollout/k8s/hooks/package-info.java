/**
 * Jobs run before a rollout or before its promotion as gating steps
 * ({@link dev.rollout.k8s.hooks.JobHookStep}), or after its promotion
 * ({@link dev.rollout.k8s.hooks.PostRolloutJobs}), checked without blocking.
 */
package dev.rollout.k8s.hooks;
