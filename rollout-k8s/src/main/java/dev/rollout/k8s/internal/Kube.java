package dev.rollout.k8s.internal;

import com.google.gson.JsonObject;
import dev.rollout.api.TargetException;
import dev.rollout.k8s.RetryPolicy;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Preconditions;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.DeleteOptions;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes any resource as gson JSON through {@link DynamicKubernetesApi}, so objects
 * from newer servers keep their unknown fields and patches carry the right content type (merge
 * patch or JSON patch, never the generated {@code patchNamespaced*} calls). Thread-safe.
 */
public final class Kube {
    private static final Logger LOG = LoggerFactory.getLogger(Kube.class);

    private final ApiClient client;
    private final RetryPolicy policy;
    private final Map<Gvr, DynamicKubernetesApi> apis = new ConcurrentHashMap<>();

    /** Wraps a configured client (timeouts already set) with the default retry policy. */
    public Kube(ApiClient client) {
        this(client, RetryPolicy.defaults());
    }

    /** Wraps a configured client (timeouts already set) retrying under {@code policy}. */
    public Kube(ApiClient client, RetryPolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    /** The underlying client. */
    public ApiClient client() {
        return client;
    }

    private DynamicKubernetesApi api(Gvr gvr) {
        return apis.computeIfAbsent(gvr,
                g -> new DynamicKubernetesApi(g.group(), g.version(), g.plural(), client));
    }

    /** The object, or empty when it does not exist. */
    public Optional<JsonObject> get(Gvr gvr, String namespace, String name) {
        KubernetesApiResponse<DynamicKubernetesObject> response =
                call(gvr, "get", ref(namespace, name), () -> api(gvr).get(namespace, name));
        if (response.getHttpStatusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(ok(gvr, "get", ref(namespace, name), response).getRaw());
    }

    /** Objects of a namespace matching a label selector (empty selector: all). */
    public List<JsonObject> list(Gvr gvr, String namespace, String labelSelector) {
        ListOptions options = new ListOptions();
        if (labelSelector != null && !labelSelector.isEmpty()) {
            options.setLabelSelector(labelSelector);
        }
        KubernetesApiResponse<DynamicKubernetesListObject> response =
                call(gvr, "list", labelSelector, () -> api(gvr).list(namespace, options));
        if (!response.isSuccess()) {
            throw failure(gvr, "list", namespace, response);
        }
        List<JsonObject> items = new ArrayList<>();
        if (response.getObject().getItems() != null) {
            response.getObject().getItems().forEach(item -> items.add(item.getRaw()));
        }
        return items;
    }

    /** Creates an object; a {@link KubeCallException} with {@code isAlreadyExists()} if it exists. */
    public JsonObject create(Gvr gvr, JsonObject object) {
        object.addProperty("apiVersion", gvr.apiVersion());
        String name = Json.str(object, "metadata", "namespace").map(n -> n + "/").orElse("")
                + Json.str(object, "metadata", "name").orElse("?");
        DynamicKubernetesObject body = new DynamicKubernetesObject(object);
        return ok(gvr, "create", name, call(gvr, "create", name, () -> api(gvr).create(body)))
                .getRaw();
    }

    /** Replaces an object (PUT); the object's resourceVersion makes it a compare-and-set. */
    public JsonObject replace(Gvr gvr, JsonObject object) {
        String name = Json.str(object, "metadata", "namespace").map(n -> n + "/").orElse("")
                + Json.str(object, "metadata", "name").orElse("?");
        DynamicKubernetesObject body = new DynamicKubernetesObject(object);
        return ok(gvr, "update", name, call(gvr, "update", name, () -> api(gvr).update(body)))
                .getRaw();
    }

    /** Applies an RFC 7386 JSON merge patch. */
    public JsonObject mergePatch(Gvr gvr, String namespace, String name, String patch) {
        return patch(gvr, namespace, name, V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, patch);
    }

    /** Applies an RFC 6902 JSON patch. */
    public JsonObject jsonPatch(Gvr gvr, String namespace, String name, String patch) {
        return patch(gvr, namespace, name, V1Patch.PATCH_FORMAT_JSON_PATCH, patch);
    }

    private JsonObject patch(Gvr gvr, String namespace, String name, String type, String patch) {
        LOG.debug("patch {} {}/{} ({}): {}", gvr, namespace, name, type, patch);
        String what = ref(namespace, name);
        return ok(gvr, "patch", what, call(gvr, "patch", what,
                () -> api(gvr).patch(namespace, name, type, new V1Patch(patch)))).getRaw();
    }

    /** Deletes an object in the background; false when it did not exist. */
    public boolean delete(Gvr gvr, String namespace, String name) {
        return delete(gvr, namespace, name, null);
    }

    /**
     * Deletes an object if its resourceVersion is still {@code resourceVersion} (null: any);
     * false when it did not exist.
     */
    public boolean delete(Gvr gvr, String namespace, String name, String resourceVersion) {
        DeleteOptions options = new DeleteOptions();
        options.setPropagationPolicy("Background");
        if (resourceVersion != null) {
            options.setPreconditions(new V1Preconditions().resourceVersion(resourceVersion));
        }
        KubernetesApiResponse<DynamicKubernetesObject> response =
                call(gvr, "delete", ref(namespace, name),
                    () -> api(gvr).delete(namespace, name, options));
        if (response.getHttpStatusCode() == 404) {
            return false;
        }
        if (!response.isSuccess()) {
            throw failure(gvr, "delete", ref(namespace, name), response);
        }
        return true;
    }

    /**
     * Runs a read-modify-write under the retry policy: a lost race (409), 429, 5xx, an
     * unreachable server or {@code retryAlso} is tried again after a jittered, growing, capped
     * delay; each attempt must read afresh. Other failures, and the last one, are thrown as a
     * {@link TargetException} naming {@code what}, the attempts and the last status.
     */
    public <T> T retrying(String what, Predicate<KubeCallException> retryAlso, Supplier<T> attempt) {
        KubeCallException last = null;
        int attempts = policy.maxAttempts();
        long start = policy.nanoTime();
        for (int i = 1; i <= attempts; i++) {
            if (i > 1) {
                Duration delay = policy.delayBeforeRetry(i - 1);
                long spent = policy.nanoTime() - start;
                if (spent + delay.toNanos() > policy.maxElapsed().toNanos()) {
                    throw new TargetException(what + ": " + (last.isConflict() ? "still conflicting"
                            : "still failing") + " after " + (i - 1) + " attempts in "
                            + Duration.ofNanos(spent).toSeconds() + "s (budget "
                            + policy.maxElapsed().toSeconds() + "s): " + last.getMessage());
                }
                pause(what, delay, last);
            }
            try {
                return attempt.get();
            } catch (KubeCallException e) {
                if (!RetryPolicy.retriable(e.code(), e.isAlreadyExists()) && !retryAlso.test(e)) {
                    throw e;
                }
                LOG.debug("{}: attempt {} of {} failed ({}), retrying", what, i, attempts,
                        e.getMessage());
                last = e;
            }
        }
        throw new TargetException(what + ": " + (last.isConflict() ? "still conflicting"
                : "still failing") + " after " + attempts + " attempts: " + last.getMessage());
    }

    /** {@link #retrying(String, Predicate, Supplier)} with the policy's failures only. */
    public <T> T retrying(String what, Supplier<T> attempt) {
        return retrying(what, e -> false, attempt);
    }

    private void pause(String what, Duration delay, KubeCallException last) {
        try {
            policy.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetException(what + ": interrupted while waiting to retry after: "
                    + last.getMessage());
        }
    }

    private static <T extends io.kubernetes.client.common.KubernetesType> KubernetesApiResponse<T>
            call(Gvr gvr, String verb, String name, Supplier<KubernetesApiResponse<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            // GenericKubernetesApi wraps I/O failures and unparsable replies in runtime exceptions.
            throw new KubeCallException(verb + " " + gvr + " " + name + " failed: "
                    + rootMessage(e), 0, "");
        }
    }

    private static DynamicKubernetesObject ok(Gvr gvr, String verb, String name,
            KubernetesApiResponse<DynamicKubernetesObject> response) {
        if (!response.isSuccess()) {
            throw failure(gvr, verb, name, response);
        }
        return response.getObject();
    }

    private static KubeCallException failure(Gvr gvr, String verb, String name,
            KubernetesApiResponse<?> response) {
        V1Status status = response.getStatus();
        String reason = status == null ? "" : status.getReason();
        String message = status == null || status.getMessage() == null ? "" : status.getMessage();
        return new KubeCallException(verb + " " + gvr + " " + name + " failed: HTTP "
                + response.getHttpStatusCode() + (reason == null ? "" : " " + reason)
                + (message.isEmpty() ? "" : ": " + message), response.getHttpStatusCode(), reason);
    }

    private static String ref(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
