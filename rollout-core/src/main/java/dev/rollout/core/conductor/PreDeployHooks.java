package dev.rollout.core.conductor;

import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.hooks.HookContext;
import dev.rollout.core.conductor.hooks.HookOutcome;
import dev.rollout.core.conductor.versions.DeployResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Runs a deploy's pre-deploy hooks one after another before its first wave; a failed hook ends
 * the deploy with no cluster changed. Each hook's outcome is handled back on the scheduler.
 */
final class PreDeployHooks {
    private final Runtime rt;
    private final DeployRun run;

    PreDeployHooks(Runtime rt, DeployRun run) {
        this.rt = rt;
        this.run = run;
    }

    /** Runs the hooks from {@code index} on, then {@code then} when every one succeeded. */
    void run(int index, Runnable then) {
        List<HookConfig> hooks = run.plan().hooks();
        if (index >= hooks.size()) {
            then.run();
            return;
        }
        HookConfig hook = hooks.get(index);
        run.emit(DeployEvent.Type.HookStarted, null, -1, "pre-deploy hook " + hook.name());
        CompletionStage<HookOutcome> outcome;
        try {
            outcome = rt.hookRunner(hook).run(hook, new HookContext(run.plan().service(),
                    run.plan().environment(), run.plan().revision(), run.requestId()));
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((o, error) -> rt.scheduler().execute(() -> {
            if (error == null && o.succeeded()) {
                run.emit(DeployEvent.Type.HookSucceeded, null, -1, "pre-deploy hook " + hook.name()
                        + " succeeded");
                run(index + 1, then);
            } else {
                String why = "pre-deploy hook " + hook.name() + " failed: "
                        + (error != null ? String.valueOf(error.getMessage()) : o.message());
                run.emit(DeployEvent.Type.HookFailed, null, -1, why);
                run.end(DeployResult.Failed, why + "; no cluster was changed", true);
            }
        }));
    }
}
