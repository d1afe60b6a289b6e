/** Canary replica arithmetic, as Argo Rollouts computes it; the canary program itself is package-private in dev.rollout.core. */
package dev.rollout.core.canary;
