package dev.rollout.k8s.fake;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;

/** Reads and patches one kind of custom resource over HTTP, the way a client-java user would. */
final class CustomResources {
    private final ApiClient client;
    private final String group;
    private final String version;
    private final String plural;
    private final DynamicKubernetesApi dynamic;
    private final CustomObjectsApi custom;

    CustomResources(ApiClient client, String group, String version, String plural) {
        this.client = client;
        this.group = group;
        this.version = version;
        this.plural = plural;
        this.dynamic = new DynamicKubernetesApi(group, version, plural, client);
        this.custom = new CustomObjectsApi(client);
    }

    JsonObject create(String json) throws ApiException {
        return dynamic.create(new DynamicKubernetesObject(JsonParser.parseString(json).getAsJsonObject()))
                .throwsApiException().getObject().getRaw();
    }

    JsonObject get(String namespace, String name) throws ApiException {
        return dynamic.get(namespace, name).throwsApiException().getObject().getRaw();
    }

    void patch(String namespace, String name, String format, String patch) throws ApiException {
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObject(group, version, namespace, plural, name,
                new V1Patch(patch)).buildCall(null), format, client);
    }

    void patchStatus(String namespace, String name, String patch) throws ApiException {
        PatchUtils.patch(Object.class, () -> custom.patchNamespacedCustomObjectStatus(group, version, namespace, plural,
                name, new V1Patch(patch)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    /** The element at a dotted path ({@code status.sync.revision}, {@code spec.sources.0.x}), or null. */
    static JsonElement at(JsonObject o, String path) {
        JsonElement node = o;
        for (String part : path.split("\\.")) {
            if (node == null || node.isJsonNull()) {
                return null;
            }
            node = node.isJsonArray() ? node.getAsJsonArray().get(Integer.parseInt(part))
                    : node.getAsJsonObject().get(part);
        }
        return node;
    }

    static String text(JsonObject o, String path) {
        JsonElement e = at(o, path);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }
}
