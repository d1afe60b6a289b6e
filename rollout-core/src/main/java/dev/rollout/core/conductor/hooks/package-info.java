/**
 * Pre-deploy hooks of the deployment conductor: run once per environment before the first wave,
 * they gate the deploy. {@link dev.rollout.core.conductor.hooks.CommandHookRunner} runs a command
 * on the conductor's machine; rollout-k8s runs a Kubernetes Job.
 */
package dev.rollout.core.conductor.hooks;
