package dev.rollout.core.conductor.hooks;

import dev.rollout.core.conductor.config.HookConfig;
import java.util.concurrent.CompletionStage;

/**
 * Runs one pre-deploy hook and tells whether the deploy may go on. The stage never completes
 * exceptionally: every failure (a missing executable, a timeout, a failed Job) is a failed
 * {@link HookOutcome}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface PreDeployHookRunner {

    /** Starts {@code hook} for the deploy {@code context} describes; completes when it ended. */
    CompletionStage<HookOutcome> run(HookConfig hook, HookContext context);
}
