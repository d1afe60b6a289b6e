package dev.rollout.api.model;

/** How a new revision replaces the stable one. */
public sealed interface Strategy permits CanaryStrategy, BlueGreenStrategy {
}
