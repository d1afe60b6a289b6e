/**
 * The deployment conductor's version store and deploy queue: per service and environment, which
 * revision each cluster runs, the deploy in flight and the one pending request, and their
 * history, kept in a {@link dev.rollout.api.spi.StateStore} by compare-and-set.
 */
package dev.rollout.core.conductor.versions;
