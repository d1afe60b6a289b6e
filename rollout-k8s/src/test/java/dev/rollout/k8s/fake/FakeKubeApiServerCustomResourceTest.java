package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubeApiServerCustomResourceTest {
    private FakeKubeApiServer server;
    private ApiClient client;

    @BeforeEach
    void start() {
        server = FakeKubeApiServer.start();
        client = server.apiClient();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static DynamicKubernetesObject object(String json) {
        return new DynamicKubernetesObject(JsonParser.parseString(json).getAsJsonObject());
    }

    @Test
    void unknownPluralsAreServedAsCustomResourcesNamedByTheirKind() throws ApiException {
        var widgets = new DynamicKubernetesApi("example.com", "v1", "widgets", client);
        widgets.create(object("""
                {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"team"},
                 "spec":{"size":3},"status":{"ok":true}}""")).throwsApiException();

        var list = widgets.list("team").throwsApiException().getObject();
        assertThat(list.getKind()).isEqualTo("WidgetList");
        assertThat(list.getItems()).singleElement().satisfies(w -> {
            assertThat(w.getKind()).isEqualTo("Widget");
            assertThat(w.getMetadata().getGeneration()).isEqualTo(1);
            assertThat(w.getRaw().getAsJsonObject("status").get("ok").getAsBoolean())
                    .as("no status subresource: status is kept").isTrue();
        });

        KubernetesApiResponse<DynamicKubernetesObject> deleted = widgets.delete("team", "w");
        assertThat(deleted.isSuccess()).isTrue();
        assertThat(deleted.getObject().getMetadata().getName()).as("custom resources answer the object").isEqualTo("w");
        assertThat(widgets.get("team", "w").getHttpStatusCode()).isEqualTo(404);
    }

    @Test
    void clusterScopedCustomResourcesLiveOutsideNamespaces() throws ApiException {
        var clusterWidgets = new DynamicKubernetesApi("example.com", "v1", "clusterwidgets", client);
        clusterWidgets.create(object("""
                {"apiVersion":"example.com/v1","kind":"ClusterWidget","metadata":{"name":"global"}}"""))
                .throwsApiException();

        var read = clusterWidgets.get("global").throwsApiException().getObject();
        assertThat(read.getMetadata().getNamespace()).isNull();
        assertThat(server.requests().all()).extracting(RequestLog.Entry::path)
                .contains("/apis/example.com/v1/clusterwidgets", "/apis/example.com/v1/clusterwidgets/global");
    }

    @Test
    void oneObjectIsVisibleThroughEveryVersionOfItsGroup() throws ApiException {
        var v1alpha2 = new DynamicKubernetesApi("split.smi-spec.io", "v1alpha2", "trafficsplits", client);
        var v1alpha1 = new DynamicKubernetesApi("split.smi-spec.io", "v1alpha1", "trafficsplits", client);
        v1alpha2.create(object("""
                {"apiVersion":"split.smi-spec.io/v1alpha2","kind":"TrafficSplit",
                 "metadata":{"name":"web","namespace":"team"},
                 "spec":{"service":"web","backends":[{"service":"web-stable","weight":100}]}}""")).throwsApiException();

        var old = v1alpha1.get("team", "web").throwsApiException().getObject();
        assertThat(old.getApiVersion()).isEqualTo("split.smi-spec.io/v1alpha1");
        assertThat(old.getRaw().getAsJsonObject("spec").getAsJsonArray("backends")).hasSize(1);
    }

    @Test
    void registeredStatusSubresourceSplitsWrites() throws ApiException {
        server.types().register(ResourceType.custom("example.com", "gadgets", "Gadget", true));
        var gadgets = new DynamicKubernetesApi("example.com", "v1", "gadgets", client);
        DynamicKubernetesObject created = gadgets.create(object("""
                {"apiVersion":"example.com/v1","kind":"Gadget","metadata":{"name":"g","namespace":"team"},
                 "spec":{"a":1},"status":{"phase":"Ignored"}}""")).throwsApiException().getObject();
        assertThat(created.getRaw().has("status")).isFalse();

        // GenericKubernetesApi.updateStatus sends a JSON patch "replace /status", which fails on an
        // object that has no status yet, as on a real server.
        created.getRaw().add("status", JsonParser.parseString("{\"phase\":\"Ready\"}"));
        KubernetesApiResponse<DynamicKubernetesObject> first = gadgets.updateStatus(created, o -> o.getRaw().get("status"));
        assertThat(first.getHttpStatusCode()).isEqualTo(422);
        assertThat(first.getStatus().getMessage()).contains("missing key: /status");

        new CustomResources(client, "example.com", "v1", "gadgets").patchStatus("team", "g",
                "{\"status\":{\"phase\":\"Starting\"}}");
        var updated = gadgets.updateStatus(created, o -> o.getRaw().get("status")).throwsApiException().getObject();

        assertThat(updated.getRaw().getAsJsonObject("status").get("phase").getAsString()).isEqualTo("Ready");
        assertThat(updated.getMetadata().getGeneration()).isEqualTo(1);
    }
}
