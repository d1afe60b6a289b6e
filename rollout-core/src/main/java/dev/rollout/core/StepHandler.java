package dev.rollout.core;

/**
 * Runs a custom canary step ({@code CanaryStep.Custom}) registered under the step's name on the
 * engine's builder. Called on an engine thread each time the rollout is reconciled while the step
 * is current, until it answers {@link StepOutcome.Done} or {@link StepOutcome.Fail}: it must
 * return quickly and never block; a step that waits answers {@link StepOutcome.Wait}. An exception
 * counts as {@code Fail} with its message.
 */
@FunctionalInterface
public interface StepHandler {

    /** Advances the step and says whether it is done. */
    StepOutcome execute(StepContext context);
}
