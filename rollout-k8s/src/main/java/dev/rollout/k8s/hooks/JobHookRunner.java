package dev.rollout.k8s.hooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.rollout.api.Clock;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import dev.rollout.k8s.internal.Names;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link HookJob}s and reports how they stand, without blocking: each {@link #check} call
 * creates the run's Job if it is missing and reads its status once. A run is identified by the
 * rollout, the revision and when the run started, so repeating a check after a crash finds the
 * same Job, while a retried rollout (a new start) gets a new one. Failed Jobs are kept for
 * inspection. Thread-safe.
 */
public final class JobHookRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobHookRunner.class);

    private final Kube kube;
    private final Clock clock;

    /** A runner on the connection's cluster, judging timeouts on {@code clock}. */
    public JobHookRunner(KubernetesConnection connection, Clock clock) {
        this.kube = new Kube(connection.client());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The Job name of one run. */
    public static String jobName(HookJob hook, String rolloutId, Revision revision,
            Instant startedAt) {
        return Names.dnsLabel(hook.baseName(),
                Names.hash(rolloutId + "\u0000" + revision.id() + "\u0000" + startedAt));
    }

    /** Creates the run's Job if needed and tells where it stands. */
    public HookStatus check(String namespace, HookJob hook, String rolloutId, Revision revision,
            Instant startedAt) {
        String name = jobName(hook, rolloutId, revision, startedAt);
        HookStatus status = ensure(namespace, hook, rolloutId, revision, name);
        if (status instanceof HookStatus.Running
                && !clock.instant().isBefore(startedAt.plus(hook.timeout()))) {
            LOG.warn("rollout {} revision {}: hook Job {}/{} timed out after {}", rolloutId,
                    revision.id(), namespace, name, hook.timeout());
            return new HookStatus.Failed(name, "Job " + name + " timed out after "
                    + hook.timeout());
        }
        if (status instanceof HookStatus.Failed failed) {
            LOG.warn("rollout {} revision {}: hook Job {}/{} failed: {}", rolloutId,
                    revision.id(), namespace, name, failed.reason());
        }
        return status;
    }

    /**
     * Creates the Job {@code name} for {@code revision} if it is missing and reads its status
     * once, leaving timeouts to the caller.
     */
    public HookStatus ensure(String namespace, HookJob hook, String rolloutId, Revision revision,
            String name) {
        Optional<JsonObject> job = kube.get(Gvr.JOBS, namespace, name);
        if (job.isEmpty()) {
            create(namespace, hook, rolloutId, revision, name);
            return new HookStatus.Running(name);
        }
        return judge(name, job.get());
    }

    private void create(String namespace, HookJob hook, String rolloutId, Revision revision,
            String name) {
        JsonObject job = hook.render(revision);
        JsonObject metadata = Json.ensure(job, "metadata");
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", namespace);
        JsonObject labels = Json.ensure(metadata, "labels");
        labels.addProperty(RolloutLabels.MANAGED_BY, RolloutLabels.MANAGER);
        labels.addProperty(RolloutLabels.REVISION, Names.labelValue(revision.id()));
        Json.ensure(metadata, "annotations").addProperty(RolloutLabels.REVISION_ID, revision.id());
        try {
            kube.create(Gvr.JOBS, job);
            LOG.info("rollout {} revision {}: hook Job {}/{} created", rolloutId, revision.id(),
                    namespace, name);
        } catch (KubeCallException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    /** The status of a Job object: Complete/Failed conditions, else succeeded ≥ completions. */
    static HookStatus judge(String name, JsonObject job) {
        for (JsonElement c : Json.arr(job, "status", "conditions")) {
            JsonObject condition = c.getAsJsonObject();
            if (!"True".equals(Json.str(condition, "status").orElse(""))) {
                continue;
            }
            String type = Json.str(condition, "type").orElse("");
            if ("Complete".equals(type)) {
                return new HookStatus.Succeeded(name);
            }
            if ("Failed".equals(type)) {
                String reason = Json.str(condition, "reason").orElse("Failed");
                String message = Json.str(condition, "message").orElse("");
                return new HookStatus.Failed(name, "Job " + name + " failed: " + reason
                        + (message.isEmpty() ? "" : ": " + message));
            }
        }
        long completions = Json.num(job, 1, "spec", "completions");
        if (Json.num(job, 0, "status", "succeeded") >= completions) {
            return new HookStatus.Succeeded(name);
        }
        return new HookStatus.Running(name);
    }
}
