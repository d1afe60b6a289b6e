package dev.rollout.core.conductor.hooks;

import dev.rollout.core.conductor.config.HookConfig;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
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

    /**
     * A runner handing command hooks to {@code commands} and Job hooks to {@code jobs}; a runner
     * that throws or completes exceptionally gives a failed outcome instead.
     */
    static PreDeployHookRunner byKind(PreDeployHookRunner commands, PreDeployHookRunner jobs) {
        Objects.requireNonNull(commands, "commands");
        Objects.requireNonNull(jobs, "jobs");
        return (hook, context) -> {
            CompletionStage<HookOutcome> stage;
            try {
                stage = (hook.job().isPresent() ? jobs : commands).run(hook, context);
            } catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            return stage.exceptionally(e -> HookOutcome.failure(hook.name(),
                    "hook " + hook.name() + " failed: " + e, ""));
        };
    }
}
