/**
 * {@link dev.rollout.api.spi.StateStore} in ConfigMaps.
 */
package dev.rollout.k8s.state;
