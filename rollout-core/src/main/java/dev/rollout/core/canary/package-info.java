/** Canary replica arithmetic, as Argo Rollouts computes it; the canary state machine is internal. */
package dev.rollout.core.canary;
