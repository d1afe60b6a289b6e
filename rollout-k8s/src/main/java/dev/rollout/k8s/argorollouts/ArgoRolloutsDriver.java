package dev.rollout.k8s.argorollouts;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.rollout.api.TargetException;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an existing Argo Rollouts {@code Rollout}, so one tool can sequence Argo Rollouts on
 * several clusters and gate between them: set the image (in the Rollout's template, or in the
 * Deployment its {@code workloadRef} points at), promote, abort, retry, and read its status.
 * The operator actions patch the status subresource exactly as {@code kubectl argo rollouts}
 * does. Thread-safe.
 */
public final class ArgoRolloutsDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ArgoRolloutsDriver.class);

    private final Kube kube;
    private final ApiClient client;

    /** A driver on the connection's cluster. */
    public ArgoRolloutsDriver(KubernetesConnection connection) {
        this.client = connection.client();
        this.kube = new Kube(client);
    }

    /**
     * Sets {@code image} on container {@code container} (null: the only container) of the
     * Rollout's pod template; does nothing when it already runs it.
     */
    public void setImage(String namespace, String rollout, String container, String image) {
        kube.retrying("set image of Rollout " + namespace + "/" + rollout, e -> e.code() == 422,
                () -> {
            JsonObject object = read(namespace, rollout);
            Optional<String> workload = Json.str(object, "spec", "workloadRef", "name");
            Gvr gvr = workload.isPresent() ? Gvr.DEPLOYMENTS : Gvr.ROLLOUTS;
            String name = workload.orElse(rollout);
            JsonObject holder = workload.isPresent() ? kube.get(gvr, namespace, name).orElseThrow(
                    () -> new TargetException("Deployment " + namespace + "/" + name
                            + " (workloadRef of Rollout " + rollout + ") not found")) : object;
            JsonArray containers = Json.arr(holder, "spec", "template", "spec", "containers");
            int index = containerIndex(containers, container, namespace + "/" + rollout);
            JsonObject target = containers.get(index).getAsJsonObject();
            if (image.equals(Json.str(target, "image").orElse(null))) {
                return null;
            }
            String path = "/spec/template/spec/containers/" + index;
            JsonArray ops = new JsonArray();
            ops.add(op("test", path + "/name", Json.str(target, "name").orElse("")));
            ops.add(op("replace", path + "/image", image));
            kube.jsonPatch(gvr, namespace, name, ops.toString());
            LOG.info("Rollout {}/{}: image {} set", namespace, rollout, image);
            return null;
        });
    }

    /**
     * Replaces the whole pod template (a JSON object) of the Rollout, or of the Deployment its
     * {@code workloadRef} names; does nothing when it is already in place. The write is guarded
     * by the resourceVersion it read, so a concurrent change is re-read, never overwritten.
     */
    public void setTemplate(String namespace, String rollout, String podTemplateJson) {
        JsonObject template;
        try {
            template = com.google.gson.JsonParser.parseString(podTemplateJson).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("podTemplateJson is not a JSON object: "
                    + e.getMessage(), e);
        }
        kube.retrying("set template of Rollout " + namespace + "/" + rollout,
                e -> e.code() == 422, () -> {
            JsonObject object = read(namespace, rollout);
            Optional<String> workload = Json.str(object, "spec", "workloadRef", "name");
            Gvr gvr = workload.isPresent() ? Gvr.DEPLOYMENTS : Gvr.ROLLOUTS;
            String name = workload.orElse(rollout);
            JsonObject holder = workload.isPresent() ? kube.get(gvr, namespace, name).orElseThrow(
                    () -> new TargetException("Deployment " + namespace + "/" + name
                            + " (workloadRef of Rollout " + rollout + ") not found")) : object;
            if (template.equals(Json.obj(holder, "spec", "template").orElse(null))) {
                return null;
            }
            JsonArray ops = new JsonArray();
            ops.add(op("test", "/metadata/resourceVersion",
                    Json.str(holder, "metadata", "resourceVersion").orElse("")));
            JsonObject replace = new JsonObject();
            replace.addProperty("op", "replace");
            replace.addProperty("path", "/spec/template");
            replace.add("value", template);
            ops.add(replace);
            kube.jsonPatch(gvr, namespace, name, ops.toString());
            LOG.info("Rollout {}/{}: pod template replaced", namespace, rollout);
            return null;
        });
    }

    /** Ends the current pause or step ({@code full}: skips every remaining step and analysis). */
    public void promote(String namespace, String rollout, boolean full) {
        JsonObject object = read(namespace, rollout);
        if (full) {
            patchStatus(namespace, rollout, "{\"status\":{\"promoteFull\":true}}");
            return;
        }
        if (Json.at(object, "spec", "paused").map(JsonElement::getAsBoolean).orElse(false)) {
            kube.mergePatch(Gvr.ROLLOUTS, namespace, rollout, "{\"spec\":{\"paused\":false}}");
        }
        if (!Json.arr(object, "status", "pauseConditions").isEmpty()) {
            patchStatus(namespace, rollout, "{\"status\":{\"pauseConditions\":null}}");
        } else {
            long index = Json.num(object, -1, "status", "currentStepIndex");
            int steps = Json.arr(object, "spec", "strategy", "canary", "steps").size();
            if (index >= 0 && index < steps) {
                patchStatus(namespace, rollout,
                        "{\"status\":{\"currentStepIndex\":" + (index + 1) + "}}");
            }
        }
        LOG.info("Rollout {}/{}: promoted", namespace, rollout);
    }

    /** Aborts the update: traffic and replicas go back to stable. */
    public void abort(String namespace, String rollout) {
        patchStatus(namespace, rollout, "{\"status\":{\"abort\":true}}");
        LOG.info("Rollout {}/{}: aborted", namespace, rollout);
    }

    /** After an abort, starts the update again. */
    public void retry(String namespace, String rollout) {
        patchStatus(namespace, rollout, "{\"status\":{\"abort\":false}}");
    }

    /** The Rollout's status. */
    public ArgoRolloutStatus status(String namespace, String rollout) {
        JsonObject o = read(namespace, rollout);
        long generation = Json.num(o, 0, "metadata", "generation");
        // Argo writes observedGeneration as a string; Json.num reads both.
        long observed = Json.num(o, -1, "status", "observedGeneration");
        long index = Json.num(o, -1, "status", "currentStepIndex");
        long weight = Json.num(o, -1, "status", "canary", "weights", "canary", "weight");
        String stableRs = Json.str(o, "status", "stableRS").orElse("");
        String current = Json.str(o, "status", "currentPodHash").orElse("");
        boolean paused = Json.at(o, "spec", "paused").map(JsonElement::getAsBoolean).orElse(false)
                || !Json.arr(o, "status", "pauseConditions").isEmpty();
        return new ArgoRolloutStatus(
                Json.str(o, "status", "phase").orElse(""),
                Json.str(o, "status", "message").orElse(""),
                index < 0 ? Optional.empty() : Optional.of((int) index),
                Json.arr(o, "spec", "strategy", "canary", "steps").size(),
                weight < 0 ? Optional.empty() : Optional.of((int) weight),
                Json.at(o, "status", "abort").map(JsonElement::getAsBoolean).orElse(false),
                paused,
                observed >= generation,
                !stableRs.isEmpty() && stableRs.equals(current));
    }

    private JsonObject read(String namespace, String rollout) {
        return kube.get(Gvr.ROLLOUTS, namespace, rollout).orElseThrow(() -> new TargetException(
                "Rollout " + namespace + "/" + rollout + " not found"));
    }

    private void patchStatus(String namespace, String rollout, String patch) {
        CustomObjectsApi api = new CustomObjectsApi(client);
        try {
            // The status subresource is only reachable through the generated call; PatchUtils
            // sends it with the merge-patch content type the server accepts.
            PatchUtils.patch(JsonObject.class, () -> api.patchNamespacedCustomObjectStatus(
                    Gvr.ROLLOUTS.group(), Gvr.ROLLOUTS.version(), namespace,
                    Gvr.ROLLOUTS.plural(), rollout, new V1Patch(patch)).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        } catch (ApiException e) {
            throw new TargetException("patch status of Rollout " + namespace + "/" + rollout
                    + " failed: HTTP " + e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    private static int containerIndex(JsonArray containers, String container, String where) {
        if (container == null) {
            if (containers.size() != 1) {
                throw new TargetException("Rollout " + where + " has " + containers.size()
                        + " containers: name the container whose image to set");
            }
            return 0;
        }
        for (int i = 0; i < containers.size(); i++) {
            if (container.equals(Json.str(containers.get(i).getAsJsonObject(), "name")
                    .orElse(null))) {
                return i;
            }
        }
        throw new TargetException("Rollout " + where + " has no container " + container);
    }

    private static JsonObject op(String op, String path, String value) {
        JsonObject o = new JsonObject();
        o.addProperty("op", op);
        o.addProperty("path", path);
        o.add("value", new JsonPrimitive(value));
        return o;
    }
}
