/**
 * Jobs run before a rollout or before its promotion as gating steps
 * ({@link dev.rollout.k8s.hooks.JobHookStep}), or after its promotion
 * ({@link dev.rollout.k8s.hooks.PostRolloutJobs}), checked without blocking; and the deployment
 * conductor's pre-deploy Job hooks ({@link dev.rollout.k8s.hooks.JobPreDeployHookRunner}).
 */
package dev.rollout.k8s.hooks;
