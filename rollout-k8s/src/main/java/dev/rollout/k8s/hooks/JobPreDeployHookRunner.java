package dev.rollout.k8s.hooks;

import com.google.gson.JsonParser;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.Scheduler;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.hooks.HookContext;
import dev.rollout.core.conductor.hooks.HookOutcome;
import dev.rollout.core.conductor.hooks.PreDeployHookRunner;
import dev.rollout.k8s.cluster.KubernetesConnection;
import dev.rollout.k8s.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pre-deploy hook's Job ({@code preDeploy[].job}) through {@link JobHookRunner}: the Job is
 * created in its {@code metadata.namespace} (else the runner's namespace) with
 * {@code {{revision.*}}} placeholders filled, then polled on the injected {@link Scheduler} until
 * it completes, fails or outlives the hook's timeout (measured on the scheduler's clock; the Job
 * also gets {@code activeDeadlineSeconds}). Each run gets its own Job, named from the service,
 * environment, revision and start. A failed API call is retried at the next poll until the
 * timeout. Never completes exceptionally. Thread-safe; owns no thread.
 */
public final class JobPreDeployHookRunner implements PreDeployHookRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobPreDeployHookRunner.class);

    private final JobHookRunner runner;
    private final Scheduler scheduler;
    private final String namespace;
    private final Duration pollInterval;

    /**
     * A runner on the connection's cluster, creating Jobs without a namespace in
     * {@code namespace} and checking them every {@code pollInterval} on {@code scheduler}.
     */
    public JobPreDeployHookRunner(KubernetesConnection connection, String namespace, Scheduler scheduler,
            Duration pollInterval) {
        Objects.requireNonNull(connection, "connection");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
        this.pollInterval = pollInterval;
        this.runner = new JobHookRunner(connection, scheduler.clock());
    }

    @Override
    public CompletionStage<HookOutcome> run(HookConfig hook, HookContext context) {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(context, "context");
        CompletableFuture<HookOutcome> result = new CompletableFuture<>();
        if (hook.job().isEmpty()) {
            return done(result, hook, context, false, "hook " + hook.name()
                    + " is a command hook; run it with CommandHookRunner");
        }
        HookJob job;
        String ns;
        try {
            job = new HookJob(hook.job().get(), hook.timeout());
            ns = Json.str(JsonParser.parseString(hook.job().get()).getAsJsonObject(), "metadata", "namespace")
                    .filter(s -> !s.isBlank()).orElse(namespace);
        } catch (InvalidSpecException | IllegalArgumentException e) {
            return done(result, hook, context, false, "hook " + hook.name() + " has an invalid Job: "
                    + e.getMessage());
        }
        Instant startedAt = scheduler.clock().instant();
        Run run = new Run(hook, context, job, ns, startedAt, result);
        try {
            scheduler.execute(() -> poll(run));
        } catch (RuntimeException e) {
            return done(result, hook, context, false, "hook " + hook.name() + " could not be scheduled: " + e);
        }
        return result;
    }

    private record Run(HookConfig hook, HookContext context, HookJob job, String namespace, Instant startedAt,
            CompletableFuture<HookOutcome> result) {
        String owner() {
            return context.service() + "/" + context.environment();
        }
    }

    private void poll(Run run) {
        HookStatus status;
        try {
            status = runner.check(run.namespace, run.job, run.owner(), run.context.revision(), run.startedAt);
        } catch (InvalidSpecException e) {
            done(run.result, run.hook, run.context, false, "hook " + run.hook.name()
                    + " Job could not be rendered: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("service {} environment {} revision {}: hook {} Job not checked, retrying: {}",
                    run.context.service(), run.context.environment(), run.context.revision().id(),
                    run.hook.name(), e.toString());
            status = null;
        }
        String job = "Job " + run.namespace + "/" + JobHookRunner.jobName(run.job, run.owner(),
                run.context.revision(), run.startedAt);
        if (status instanceof HookStatus.Succeeded) {
            done(run.result, run.hook, run.context, true, "hook " + run.hook.name() + " succeeded (" + job + ")");
        } else if (status instanceof HookStatus.Failed failed) {
            done(run.result, run.hook, run.context, false, "hook " + run.hook.name() + " failed: "
                    + failed.reason());
        } else if (!scheduler.clock().instant().isBefore(run.startedAt.plus(run.job.timeout()))) {
            done(run.result, run.hook, run.context, false, "hook " + run.hook.name() + " timed out after "
                    + run.job.timeout() + " (" + job + ")");
        } else {
            try {
                scheduler.schedule(() -> poll(run), pollInterval);
            } catch (RuntimeException e) {
                done(run.result, run.hook, run.context, false, "hook " + run.hook.name()
                        + " could not be polled: " + e);
            }
        }
    }

    private static CompletableFuture<HookOutcome> done(CompletableFuture<HookOutcome> result, HookConfig hook,
            HookContext context, boolean succeeded, String message) {
        if (succeeded) {
            LOG.info("service {} environment {} revision {}: {}", context.service(), context.environment(),
                    context.revision().id(), message);
        } else {
            LOG.warn("service {} environment {} revision {}: {}", context.service(), context.environment(),
                    context.revision().id(), message);
        }
        result.complete(new HookOutcome(hook.name(), succeeded, message, ""));
        return result;
    }
}
