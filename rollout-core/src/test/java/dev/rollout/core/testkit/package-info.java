/**
 * Compatibility kits published in rollout-core's test-jar: abstract JUnit 5 classes that every
 * cluster target and state store extends to prove it behaves as the engine expects.
 */
package dev.rollout.core.testkit;
