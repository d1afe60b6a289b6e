package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubeApiServerPatchTest {
    private FakeKubeApiServer server;
    private ApiClient client;
    private AppsV1Api apps;

    @BeforeEach
    void start() throws ApiException {
        server = FakeKubeApiServer.start();
        client = server.apiClient();
        apps = new AppsV1Api(client);
        apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 2)).execute();
        server.requests().reset();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private V1Deployment patch(String format, String body) throws ApiException {
        return PatchUtils.patch(V1Deployment.class,
                () -> apps.patchNamespacedDeployment("web", "team", new V1Patch(body)).buildCall(null), format, client);
    }

    @Test
    void mergePatchMergesMapsReplacesListsAndDeletesNulls() throws ApiException {
        V1Deployment patched = patch(V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, """
                {"metadata":{"labels":{"team":"x","app":null}},
                 "spec":{"replicas":4,"template":{"spec":{"containers":[{"name":"app","image":"app:v2"}]}}}}""");

        assertThat(patched.getMetadata().getLabels()).containsExactly(java.util.Map.entry("team", "x"));
        assertThat(patched.getSpec().getReplicas()).isEqualTo(4);
        V1Container only = patched.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(only.getImage()).isEqualTo("app:v2");
        assertThat(only.getPorts()).as("the list was replaced, not merged").isNullOrEmpty();
        assertThat(patched.getMetadata().getGeneration()).isEqualTo(2);
        assertThat(server.requests().writes()).singleElement().satisfies(e -> {
            assertThat(e.method()).isEqualTo("PATCH");
            assertThat(e.contentType()).isEqualTo("application/merge-patch+json");
            assertThat(e.path()).isEqualTo("/apis/apps/v1/namespaces/team/deployments/web");
            assertThat(e.status()).isEqualTo(200);
        });
    }

    @Test
    void strategicMergePatchMergesContainersByName() throws ApiException {
        V1Deployment patched = patch(V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, """
                {"spec":{"template":{"spec":{"containers":[
                  {"name":"app","image":"app:v2","env":[{"name":"EXTRA","value":"1"}]},
                  {"name":"sidecar","image":"proxy:1"}]}}}}""");

        var containers = patched.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(V1Container::getName).containsExactly("app", "sidecar");
        assertThat(containers.get(0).getImage()).isEqualTo("app:v2");
        assertThat(containers.get(0).getPorts()).as("kept from the stored container").hasSize(1);
        assertThat(containers.get(0).getEnv()).extracting(e -> e.getName()).containsExactly("MODE", "EXTRA");
        assertThat(server.requests().writes().get(0).contentType())
                .isEqualTo("application/strategic-merge-patch+json");
    }

    @Test
    void strategicMergePatchHonoursDeleteDirective() throws ApiException {
        V1Deployment patched = patch(V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, """
                {"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"MODE","$patch":"delete"}]}]}}}}""");

        assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();
    }

    @Test
    void jsonPatchAppliesOperationsAndFailsATestWith422() throws ApiException {
        V1Deployment patched = patch(V1Patch.PATCH_FORMAT_JSON_PATCH, """
                [{"op":"test","path":"/spec/replicas","value":2},
                 {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"app:v3"},
                 {"op":"add","path":"/metadata/annotations","value":{"a/b":"1"}},
                 {"op":"copy","from":"/metadata/annotations/a~1b","path":"/metadata/labels/copied"},
                 {"op":"remove","path":"/spec/template/spec/containers/0/env"}]""");

        assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("app:v3");
        assertThat(patched.getMetadata().getAnnotations()).containsEntry("a/b", "1");
        assertThat(patched.getMetadata().getLabels()).containsEntry("copied", "1");
        assertThat(patched.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNullOrEmpty();

        assertThatThrownBy(() -> patch(V1Patch.PATCH_FORMAT_JSON_PATCH,
                "[{\"op\":\"test\",\"path\":\"/spec/replicas\",\"value\":3},"
                        + "{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":9}]"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThat(apps.readNamespacedDeployment("web", "team").execute().getSpec().getReplicas())
                .as("a failed patch changes nothing").isEqualTo(2);
        assertThat(server.requests().writes()).extracting(RequestLog.Entry::contentType)
                .containsOnly("application/json-patch+json");
    }

    @Test
    void patchWithAStaleResourceVersionIsAConflict() {
        assertThatThrownBy(() -> patch(V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":3}}"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void generatedPatchCallWithoutPatchUtilsGets415() {
        assertThatThrownBy(() -> apps.patchNamespacedDeployment("web", "team",
                new V1Patch("{\"spec\":{\"replicas\":3}}")).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(415);
                    assertThat(e.getResponseBody()).contains("UnsupportedMediaType");
                });
        assertThat(server.requests().writes().get(0).contentType()).isEqualTo("application/json");
    }

    @Test
    void genericApiPatchesBuiltInKinds() throws ApiException {
        var api = new GenericKubernetesApi<>(V1Deployment.class, V1DeploymentList.class, "apps", "v1",
                "deployments", client);

        KubernetesApiResponse<V1Deployment> response = api.patch("team", "web", V1Patch.PATCH_FORMAT_JSON_PATCH,
                new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":6}]")).throwsApiException();

        assertThat(response.getObject().getSpec().getReplicas()).isEqualTo(6);
        assertThat(api.list("team").throwsApiException().getObject().getItems()).hasSize(1);
    }

    @Test
    void customResourcesTakeMergeAndJsonPatchButNotStrategicMerge() throws ApiException {
        var api = new DynamicKubernetesApi("argoproj.io", "v1alpha1", "applications", client);
        JsonObject raw = JsonParser.parseString("""
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"shop"},
                 "spec":{"source":{"repoURL":"https://git/x","targetRevision":"v1"},
                         "sources":[{"repoURL":"https://git/a","targetRevision":"a1"}]}}""").getAsJsonObject();
        raw.getAsJsonObject("metadata").addProperty("namespace", "argocd");
        api.create(new DynamicKubernetesObject(raw)).throwsApiException();

        DynamicKubernetesObject merged = api.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                new V1Patch("{\"spec\":{\"source\":{\"targetRevision\":\"v2\"}}}")).throwsApiException().getObject();
        assertThat(merged.getRaw().getAsJsonObject("spec").getAsJsonObject("source").get("targetRevision")
                .getAsString()).isEqualTo("v2");

        DynamicKubernetesObject jsonPatched = api.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_PATCH,
                new V1Patch("[{\"op\":\"replace\",\"path\":\"/spec/sources/0/targetRevision\",\"value\":\"a2\"}]"))
                .throwsApiException().getObject();
        assertThat(jsonPatched.getRaw().getAsJsonObject("spec").getAsJsonArray("sources").get(0).getAsJsonObject()
                .get("targetRevision").getAsString()).isEqualTo("a2");

        KubernetesApiResponse<DynamicKubernetesObject> strategic = api.patch("argocd", "shop",
                V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, new V1Patch("{\"spec\":{}}"));
        assertThat(strategic.getHttpStatusCode()).isEqualTo(415);
        assertThat(strategic.getStatus().getReason()).isEqualTo("UnsupportedMediaType");

        var list = api.list("argocd").throwsApiException().getObject();
        assertThat(list.getItems()).singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Application"));
    }

    @Test
    void customResourceUpdateNeedsAResourceVersion() throws ApiException {
        var api = new DynamicKubernetesApi("gateway.networking.k8s.io", "v1", "httproutes", client);
        JsonObject raw = JsonParser.parseString("""
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"r","namespace":"team"},"spec":{"rules":[]}}""").getAsJsonObject();
        DynamicKubernetesObject created = api.create(new DynamicKubernetesObject(raw)).throwsApiException().getObject();

        created.getRaw().getAsJsonObject("metadata").remove("resourceVersion");
        assertThat(api.update(created).getHttpStatusCode()).isEqualTo(422);
    }

    @Test
    void serverSideApplyCreatesThenMergesAndNeedsAFieldManager() throws ApiException {
        var core = new io.kubernetes.client.openapi.apis.CoreV1Api(client);
        String config = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\"},"
                + "\"data\":{\"a\":\"1\"}}";
        io.kubernetes.client.openapi.models.V1ConfigMap created = PatchUtils.patch(
                io.kubernetes.client.openapi.models.V1ConfigMap.class,
                () -> core.patchNamespacedConfigMap("cfg", "team", new V1Patch(config)).fieldManager("rollout")
                        .force(true).buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
        assertThat(created.getData()).containsEntry("a", "1");

        io.kubernetes.client.openapi.models.V1ConfigMap merged = PatchUtils.patch(
                io.kubernetes.client.openapi.models.V1ConfigMap.class,
                () -> core.patchNamespacedConfigMap("cfg", "team", new V1Patch(config.replace("\"a\"", "\"b\"")))
                        .fieldManager("rollout").buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
        assertThat(merged.getData()).containsEntry("a", "1").containsEntry("b", "1");

        assertThatThrownBy(() -> PatchUtils.patch(io.kubernetes.client.openapi.models.V1ConfigMap.class,
                () -> core.patchNamespacedConfigMap("cfg", "team", new V1Patch(config)).buildCall(null),
                V1Patch.PATCH_FORMAT_APPLY_YAML, client))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(422));
    }

    @Test
    void dryRunAnswersWithoutKeepingAnything() throws ApiException {
        String before = apps.readNamespacedDeployment("web", "team").execute().getMetadata().getResourceVersion();

        V1Deployment answer = PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment("web", "team",
                new V1Patch("{\"spec\":{\"replicas\":9}}")).dryRun("All").buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
        apps.deleteNamespacedDeployment("web", "team").dryRun("All").execute();

        assertThat(answer.getSpec().getReplicas()).isEqualTo(9);
        V1Deployment stored = apps.readNamespacedDeployment("web", "team").execute();
        assertThat(stored.getSpec().getReplicas()).isEqualTo(2);
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo(before);
    }
}
