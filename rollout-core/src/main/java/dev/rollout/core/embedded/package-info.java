/**
 * The embedded cluster: an in-memory {@link dev.rollout.api.spi.ClusterTarget} on virtual time,
 * with a traffic router for every routing kind, an operation log and fault injection, for the
 * simulator, the demo and tests.
 */
package dev.rollout.core.embedded;
