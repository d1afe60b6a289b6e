/**
 * Test fixtures shared through rollout-core's test-jar with other modules' tests: a driver for an
 * analysis with a real provider on virtual time and a scan for leaked secrets. The compatibility
 * kits that implementations extend are published in rollout-testkit ({@code dev.rollout.testkit}).
 */
package dev.rollout.core.testkit;
