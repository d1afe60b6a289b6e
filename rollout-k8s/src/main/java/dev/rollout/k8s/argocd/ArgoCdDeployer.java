package dev.rollout.k8s.argocd;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.rollout.api.Clock;
import dev.rollout.api.TargetException;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys revisions through Argo CD {@code Application}s and judges the outcome, without
 * blocking: {@link #deploy} moves {@code spec.source.targetRevision} (merge patch) or
 * {@code spec.sources[i].targetRevision} (JSON patch), and asks for a sync through
 * {@code operation.sync} when the Application has no automated sync; {@link #status} then says
 * whether Argo CD synced that revision, is Healthy, and ran a sync that started after the
 * request. Used by the deployment conductor or any tool that deploys through Argo CD. Thread-safe.
 */
public final class ArgoCdDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(ArgoCdDeployer.class);

    private final Kube kube;
    private final Clock clock;
    private final Duration timeout;

    /**
     * A deployer on the cluster Argo CD runs in; a deploy not Healthy within {@code timeout}
     * of its request fails.
     */
    public ArgoCdDeployer(KubernetesConnection connection, Clock clock, Duration timeout) {
        this.kube = new Kube(connection.client());
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Deploys {@code targetRevision} to a single-source Application (or source 0). */
    public ArgoCdDeployment deploy(String namespace, String application, String targetRevision) {
        return deploy(namespace, application, targetRevision, OptionalInt.empty());
    }

    /**
     * Deploys {@code targetRevision}; {@code sourceIndex} picks the source of a multi-source
     * Application (empty: {@code spec.source}, or source 0 when only {@code spec.sources} exists).
     * Repeating it changes nothing once the Application carries the revision.
     */
    public ArgoCdDeployment deploy(String namespace, String application, String targetRevision,
            OptionalInt sourceIndex) {
        return deploy(namespace, application, targetRevision, sourceIndex, List.of());
    }

    /**
     * Deploys {@code targetRevision} with {@code helmValueFiles} as the source's
     * {@code helm.valueFiles} (paths relative to the source's path, in merge order), so Argo CD
     * renders the chart with the same values files the conductor merged for the cluster (see
     * {@link #valueFiles}). An empty list leaves the Application's value files as they are.
     */
    public ArgoCdDeployment deploy(String namespace, String application, String targetRevision,
            OptionalInt sourceIndex, List<String> helmValueFiles) {
        List<String> valueFiles = List.copyOf(helmValueFiles);
        Instant requestedAt = clock.instant();
        return kube.retrying("deploy " + application + " at " + targetRevision,
                e -> e.code() == 422, () -> {
            JsonObject app = read(namespace, application);
            OptionalInt index = sourceIndex;
            boolean multi = Json.obj(app, "spec", "source").isEmpty()
                    && !Json.arr(app, "spec", "sources").isEmpty();
            if (multi && index.isEmpty()) {
                index = OptionalInt.of(0);
            }
            boolean changed = !targetRevision.equals(currentTarget(app, index));
            boolean filesChanged = !valueFiles.isEmpty()
                    && !valueFiles.equals(currentValueFiles(app, index));
            if (changed || filesChanged) {
                patchTarget(namespace, application, app, index, targetRevision, valueFiles);
            }
            changed |= filesChanged;
            boolean automated = Json.obj(app, "spec", "syncPolicy", "automated").isPresent();
            boolean atRevision = comparedTo(app, index).map(targetRevision::equals).orElse(false)
                    && "Synced".equals(Json.str(app, "status", "sync", "status").orElse(""));
            boolean needsSync = changed || !atRevision;
            if (needsSync && !automated && Json.obj(app, "operation").isEmpty()) {
                requestSync(namespace, application, app, index, targetRevision);
            }
            LOG.info("Argo CD application {}/{}: deploy of {} requested (changed: {}, sync: {})",
                    namespace, application, targetRevision, changed,
                    automated ? "automated" : "operation");
            return new ArgoCdDeployment(namespace, application, targetRevision, index,
                    requestedAt, needsSync);
        });
    }

    private void patchTarget(String ns, String name, JsonObject app, OptionalInt index,
            String revision, List<String> valueFiles) {
        JsonArray files = new JsonArray();
        valueFiles.forEach(files::add);
        if (index.isEmpty()) {
            JsonObject patch = new JsonObject();
            JsonObject source = Json.ensure(patch, "spec", "source");
            source.addProperty("targetRevision", revision);
            if (!valueFiles.isEmpty()) {
                Json.ensure(source, "helm").add("valueFiles", files);
            }
            kube.mergePatch(Gvr.APPLICATIONS, ns, name, patch.toString());
            return;
        }
        int i = index.getAsInt();
        JsonArray sources = Json.arr(app, "spec", "sources");
        if (i < 0 || i >= sources.size()) {
            throw new TargetException("Application " + ns + "/" + name + " has "
                    + sources.size() + " sources, no source " + i);
        }
        JsonObject source = sources.get(i).getAsJsonObject();
        JsonArray ops = new JsonArray();
        // The test guards against another writer reordering sources between read and write.
        ops.add(op("test", "/spec/sources/" + i + "/repoURL",
                new JsonPrimitive(Json.str(source, "repoURL").orElse(""))));
        ops.add(op(source.has("targetRevision") ? "replace" : "add",
                "/spec/sources/" + i + "/targetRevision", new JsonPrimitive(revision)));
        if (!valueFiles.isEmpty()) {
            if (source.has("helm")) {
                ops.add(op(source.getAsJsonObject("helm").has("valueFiles") ? "replace" : "add",
                        "/spec/sources/" + i + "/helm/valueFiles", files));
            } else {
                JsonObject helm = new JsonObject();
                helm.add("valueFiles", files);
                ops.add(op("add", "/spec/sources/" + i + "/helm", helm));
            }
        }
        kube.jsonPatch(Gvr.APPLICATIONS, ns, name, ops.toString());
    }

    private void requestSync(String ns, String name, JsonObject app, OptionalInt index,
            String revision) {
        JsonObject patch = new JsonObject();
        JsonObject operation = Json.ensure(patch, "operation");
        Json.ensure(operation, "initiatedBy").addProperty("username", "rollout");
        JsonObject sync = Json.ensure(operation, "sync");
        if (index.isEmpty()) {
            sync.addProperty("revision", revision);
        } else {
            JsonArray revisions = new JsonArray();
            JsonArray sources = Json.arr(app, "spec", "sources");
            for (int i = 0; i < sources.size(); i++) {
                revisions.add(i == index.getAsInt() ? revision : Json.str(
                        sources.get(i).getAsJsonObject(), "targetRevision").orElse("HEAD"));
            }
            sync.add("revisions", revisions);
        }
        kube.mergePatch(Gvr.APPLICATIONS, ns, name, patch.toString());
    }

    /**
     * The conductor's values files for a cluster (HelmValues.valueFiles) as Argo CD's
     * {@code helm.valueFiles}: relative to the chart directory, which is the source's path.
     */
    public static List<String> valueFiles(Path chartDir, List<Path> files) {
        Path base = chartDir.toAbsolutePath().normalize();
        return files.stream().map(f -> base.relativize(f.toAbsolutePath().normalize()).toString()
                .replace('\\', '/')).toList();
    }

    private static List<String> currentValueFiles(JsonObject app, OptionalInt index) {
        JsonObject source = index.isEmpty() ? Json.obj(app, "spec", "source").orElse(new JsonObject())
                : sourceAt(app, index.getAsInt());
        List<String> out = new java.util.ArrayList<>();
        if (source.has("helm") && source.getAsJsonObject("helm").has("valueFiles")) {
            source.getAsJsonObject("helm").getAsJsonArray("valueFiles")
                    .forEach(e -> out.add(e.getAsString()));
        }
        return out;
    }

    private static JsonObject sourceAt(JsonObject app, int i) {
        JsonArray sources = Json.arr(app, "spec", "sources");
        return i >= 0 && i < sources.size() ? sources.get(i).getAsJsonObject() : new JsonObject();
    }

    /** Where a requested deploy stands. */
    public ArgoCdStatus status(ArgoCdDeployment deployment) {
        JsonObject app = read(deployment.namespace(), deployment.application());
        String sync = Json.str(app, "status", "sync", "status").orElse("Unknown");
        String health = Json.str(app, "status", "health", "status").orElse("Unknown");
        String healthMessage = Json.str(app, "status", "health", "message").orElse("");
        String phase = Json.str(app, "status", "operationState", "phase").orElse("");
        String opMessage = Json.str(app, "status", "operationState", "message").orElse("");
        boolean ours = Json.str(app, "status", "operationState", "startedAt")
                .map(Instant::parse)
                .map(started -> !started.isBefore(
                        deployment.requestedAt().truncatedTo(ChronoUnit.SECONDS)))
                .orElse(false);
        String summary = "sync " + sync + ", health " + health
                + (phase.isEmpty() ? "" : ", operation " + phase)
                + (opMessage.isEmpty() ? "" : ": " + opMessage)
                + (healthMessage.isEmpty() ? "" : " (" + healthMessage + ")");
        String where = "Argo CD application " + deployment.namespace() + "/"
                + deployment.application() + " at " + deployment.targetRevision() + ": ";

        if (ours && ("Failed".equals(phase) || "Error".equals(phase))) {
            return new ArgoCdStatus.Failed(where + "sync " + phase + ": " + opMessage);
        }
        for (JsonElement c : Json.arr(app, "status", "conditions")) {
            String type = Json.str(c.getAsJsonObject(), "type").orElse("");
            if ("SyncError".equals(type) || "InvalidSpecError".equals(type)) {
                return new ArgoCdStatus.Failed(where + type + ": "
                        + Json.str(c.getAsJsonObject(), "message").orElse(""));
            }
        }
        boolean synced = "Synced".equals(sync) && comparedTo(app, deployment.sourceIndex())
                .map(deployment.targetRevision()::equals).orElse(false);
        boolean operationDone = !deployment.needsNewSync() || (ours && "Succeeded".equals(phase));
        if (synced && operationDone && "Degraded".equals(health)) {
            return new ArgoCdStatus.Failed(where + "Degraded: " + healthMessage);
        }
        if (synced && operationDone && "Healthy".equals(health)) {
            return new ArgoCdStatus.Succeeded(where + summary);
        }
        if (!clock.instant().isBefore(deployment.requestedAt().plus(timeout))) {
            return new ArgoCdStatus.Failed(where + "timed out after " + timeout + ": " + summary);
        }
        return new ArgoCdStatus.InProgress(where + summary);
    }

    private JsonObject read(String ns, String name) {
        return kube.get(Gvr.APPLICATIONS, ns, name).orElseThrow(() -> new TargetException(
                "Argo CD Application " + ns + "/" + name + " not found"));
    }

    private static String currentTarget(JsonObject app, OptionalInt index) {
        if (index.isEmpty()) {
            return Json.str(app, "spec", "source", "targetRevision").orElse("HEAD");
        }
        JsonArray sources = Json.arr(app, "spec", "sources");
        int i = index.getAsInt();
        return i >= 0 && i < sources.size()
                ? Json.str(sources.get(i).getAsJsonObject(), "targetRevision").orElse("HEAD")
                : "";
    }

    /** The targetRevision Argo CD last compared the cluster against. */
    private static Optional<String> comparedTo(JsonObject app, OptionalInt index) {
        if (index.isEmpty()) {
            return Json.str(app, "status", "sync", "comparedTo", "source", "targetRevision")
                    .or(() -> Json.str(app, "status", "sync", "revision"));
        }
        JsonArray sources = Json.arr(app, "status", "sync", "comparedTo", "sources");
        int i = index.getAsInt();
        if (i < sources.size()) {
            return Json.str(sources.get(i).getAsJsonObject(), "targetRevision");
        }
        JsonArray revisions = Json.arr(app, "status", "sync", "revisions");
        return i < revisions.size() ? Optional.of(revisions.get(i).getAsString())
                : Optional.empty();
    }

    private static JsonObject op(String op, String path, JsonElement value) {
        JsonObject o = new JsonObject();
        o.addProperty("op", op);
        o.addProperty("path", path);
        o.add("value", value);
        return o;
    }
}
