/**
 * rollout's testkit: virtual time, the embedded cluster and scripted metrics
 * ({@link dev.rollout.testkit.RolloutTestKit}), a helper that runs a rollout spec and asserts its
 * outcome ({@link dev.rollout.testkit.TestRollout}), and a compatibility kit per SPI: abstract
 * JUnit 5 classes an implementation's tests extend to prove it keeps the SPI's documented contract
 * ({@code ClusterTargetCompatibilityKit}, {@code MetricProviderCompatibilityKit},
 * {@code TrafficRouterCompatibilityKit}, {@code StateStoreCompatibilityKit},
 * {@code RevisionSourceCompatibilityKit}, {@code NotifierCompatibilityKit}).
 */
package dev.rollout.testkit;
