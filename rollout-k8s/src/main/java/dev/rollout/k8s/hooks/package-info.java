/**
 * Jobs run before or after a rollout (a database migration, a smoke test), checked without blocking.
 */
package dev.rollout.k8s.hooks;
