package dev.rollout.k8s.hooks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.Scheduler;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.hooks.HookContext;
import dev.rollout.core.conductor.hooks.HookOutcome;
import dev.rollout.core.conductor.hooks.PreDeployHookRunner;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
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
 * timeout. When the Job ends, the last {@value #TAIL} characters of its newest Pod's log become
 * the outcome's output tail. Never completes exceptionally. Thread-safe; owns no thread.
 */
public final class JobPreDeployHookRunner implements PreDeployHookRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobPreDeployHookRunner.class);

    /** Characters of the Pod's log kept as the outcome's tail. */
    public static final int TAIL = 4096;

    private final JobHookRunner runner;
    private final Kube kube;
    private final ApiClient client;
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
        this.kube = new Kube(connection.client());
        this.client = connection.client();
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
        if (status instanceof HookStatus.Succeeded succeeded) {
            done(run, true, "hook " + run.hook.name() + " succeeded (" + job + ")", succeeded.job());
        } else if (status instanceof HookStatus.Failed failed) {
            done(run, false, "hook " + run.hook.name() + " failed: " + failed.reason(), failed.job());
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

    private void done(Run run, boolean succeeded, String message, String job) {
        String tail = logTail(run, job);
        String last = lastLines(tail);
        String full = succeeded || last.isEmpty() ? message : message + "; output ends: " + last;
        done(run.result, run.hook, run.context, succeeded, full, tail);
    }

    /** The end of the log of the Job's newest Pod; empty when there is none or it cannot be read. */
    private String logTail(Run run, String job) {
        try {
            List<JsonObject> pods = kube.list(Gvr.PODS, run.namespace, "job-name=" + job);
            if (pods.isEmpty()) {
                return "";
            }
            JsonObject newest = pods.stream().max(Comparator.comparing(
                    p -> Json.str(p, "metadata", "creationTimestamp").orElse(""))).orElseThrow();
            String pod = Json.str(newest, "metadata", "name").orElseThrow();
            String log = new CoreV1Api(client).readNamespacedPodLog(pod, run.namespace).tailLines(200)
                    .limitBytes(4 * TAIL).execute();
            return log == null ? "" : log.length() <= TAIL ? log : log.substring(log.length() - TAIL);
        } catch (ApiException | RuntimeException e) {
            LOG.debug("hook {}: log of Job {}/{} not read: {}", run.hook.name(), run.namespace, job, e.toString());
            return "";
        }
    }

    private static String lastLines(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        return joined.length() <= 500 ? joined : "…" + joined.substring(joined.length() - 499);
    }

    private static CompletableFuture<HookOutcome> done(CompletableFuture<HookOutcome> result, HookConfig hook,
            HookContext context, boolean succeeded, String message) {
        return done(result, hook, context, succeeded, message, "");
    }

    private static CompletableFuture<HookOutcome> done(CompletableFuture<HookOutcome> result, HookConfig hook,
            HookContext context, boolean succeeded, String message, String tail) {
        if (succeeded) {
            LOG.info("service {} environment {} revision {}: {}", context.service(), context.environment(),
                    context.revision().id(), message);
        } else {
            LOG.warn("service {} environment {} revision {}: {}", context.service(), context.environment(),
                    context.revision().id(), message);
        }
        result.complete(new HookOutcome(hook.name(), succeeded, message, tail));
        return result;
    }
}
