package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LeaseSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Status;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubeApiServerCrudTest {
    private FakeKubeApiServer server;
    private ApiClient client;
    private CoreV1Api core;
    private AppsV1Api apps;

    @BeforeEach
    void start() {
        server = FakeKubeApiServer.start();
        client = server.apiClient();
        core = new CoreV1Api(client);
        apps = new AppsV1Api(client);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static V1ConfigMap configMap(String name, Map<String, String> labels) {
        return new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name(name).labels(labels)).data(Map.of("k", "v"));
    }

    @Test
    void createsReadsReplacesAndDeletesAConfigMap() throws ApiException {
        V1ConfigMap created = core.createNamespacedConfigMap("team", configMap("cfg", Map.of())).execute();

        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getNamespace()).isEqualTo("team");
        assertThat(created.getMetadata().getCreationTimestamp()).isNotNull();
        assertThat(created.getMetadata().getGeneration()).isNull();
        long rv = Long.parseLong(created.getMetadata().getResourceVersion());

        V1ConfigMap read = core.readNamespacedConfigMap("cfg", "team").execute();
        assertThat(read.getData()).containsEntry("k", "v");

        read.setData(Map.of("k", "w"));
        V1ConfigMap replaced = core.replaceNamespacedConfigMap("cfg", "team", read).execute();
        assertThat(replaced.getData()).containsEntry("k", "w");
        assertThat(Long.parseLong(replaced.getMetadata().getResourceVersion())).isGreaterThan(rv);
        assertThat(replaced.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());

        V1Status deleted = core.deleteNamespacedConfigMap("cfg", "team").execute();
        assertThat(deleted.getStatus()).isEqualTo("Success");
        assertThatThrownBy(() -> core.readNamespacedConfigMap("cfg", "team").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getResponseBody()).contains("\"reason\":\"NotFound\"")
                            .contains("configmaps \\\"cfg\\\" not found");
                });
    }

    @Test
    void createWithAResourceVersionIsRefused() throws ApiException {
        V1ConfigMap read = core.createNamespacedConfigMap("team", configMap("cfg", Map.of())).execute();
        read.getMetadata().setName("copy");

        assertThatThrownBy(() -> core.createNamespacedConfigMap("team", read).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getResponseBody()).contains("resourceVersion should not be set");
                });
    }

    @Test
    void secondCreateIsAlreadyExists() throws ApiException {
        core.createNamespacedConfigMap("team", configMap("cfg", Map.of())).execute();

        assertThatThrownBy(() -> core.createNamespacedConfigMap("team", configMap("cfg", Map.of())).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getResponseBody()).contains("\"reason\":\"AlreadyExists\"");
                });
    }

    @Test
    void staleResourceVersionIsAConflictWithAStatusBody() throws ApiException {
        V1ConfigMap first = core.createNamespacedConfigMap("team", configMap("cfg", Map.of())).execute();
        V1ConfigMap stale = core.readNamespacedConfigMap("cfg", "team").execute();
        first.setData(Map.of("k", "first"));
        core.replaceNamespacedConfigMap("cfg", "team", first).execute();

        stale.setData(Map.of("k", "second"));
        assertThatThrownBy(() -> core.replaceNamespacedConfigMap("cfg", "team", stale).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    V1Status status = io.kubernetes.client.openapi.JSON.deserialize(e.getResponseBody(), V1Status.class);
                    assertThat(status.getReason()).isEqualTo("Conflict");
                    assertThat(status.getKind()).isEqualTo("Status");
                    assertThat(status.getMessage()).contains("the object has been modified");
                });
        assertThat(core.readNamespacedConfigMap("cfg", "team").execute().getData()).containsEntry("k", "first");
    }

    @Test
    void labelAndFieldSelectorsFilterLists() throws ApiException {
        core.createNamespacedConfigMap("team", configMap("a", Map.of("app", "web", "tier", "front"))).execute();
        core.createNamespacedConfigMap("team", configMap("b", Map.of("app", "api"))).execute();
        core.createNamespacedConfigMap("team", configMap("c", Map.of("app", "db", "tier", "back"))).execute();
        core.createNamespacedConfigMap("other", configMap("d", Map.of("app", "web"))).execute();

        assertThat(names("app=web")).containsExactly("a");
        assertThat(names("app==web")).containsExactly("a");
        assertThat(names("app!=web")).containsExactly("b", "c");
        assertThat(names("app in (web, db)")).containsExactly("a", "c");
        assertThat(names("app notin (web,db)")).containsExactly("b");
        assertThat(names("tier")).containsExactly("a", "c");
        assertThat(names("!tier")).containsExactly("b");
        assertThat(names("tier,app!=db")).containsExactly("a");
        assertThat(core.listNamespacedConfigMap("team").fieldSelector("metadata.name=b").execute().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("b");
        assertThat(core.listConfigMapForAllNamespaces().labelSelector("app=web").execute().getItems())
                .extracting(c -> c.getMetadata().getNamespace()).containsExactly("other", "team");
    }

    private java.util.List<String> names(String selector) throws ApiException {
        return core.listNamespacedConfigMap("team").labelSelector(selector).execute().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList();
    }

    @Test
    void statusSubresourceSeparatesSpecFromStatus() throws ApiException {
        V1Deployment created = apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 3)
                .status(new V1DeploymentStatus().replicas(99))).execute();
        assertThat(created.getStatus()).isNull();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1);

        created.setStatus(new V1DeploymentStatus().replicas(5).observedGeneration(1L));
        V1Deployment withStatus = apps.replaceNamespacedDeploymentStatus("web", "team", created).execute();
        assertThat(withStatus.getStatus().getReplicas()).isEqualTo(5);
        assertThat(withStatus.getMetadata().getGeneration()).isEqualTo(1);

        withStatus.getSpec().setReplicas(4);
        withStatus.setStatus(new V1DeploymentStatus().replicas(0));
        V1Deployment scaled = apps.replaceNamespacedDeployment("web", "team", withStatus).execute();
        assertThat(scaled.getSpec().getReplicas()).isEqualTo(4);
        assertThat(scaled.getStatus().getReplicas()).as("main resource writes ignore status").isEqualTo(5);
        assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2);

        scaled.getSpec().setReplicas(7);
        scaled.getStatus().setReplicas(6);
        V1Deployment statusOnly = apps.replaceNamespacedDeploymentStatus("web", "team", scaled).execute();
        assertThat(statusOnly.getSpec().getReplicas()).as("status writes ignore spec").isEqualTo(4);
        assertThat(statusOnly.getStatus().getReplicas()).isEqualTo(6);
    }

    @Test
    void deletingAnOwnerDeletesDependentsUnlessOrphaned() throws ApiException {
        V1Deployment owner = apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 1)).execute();
        V1OwnerReference ref = new V1OwnerReference().apiVersion("apps/v1").kind("Deployment").name("web")
                .uid(owner.getMetadata().getUid()).controller(true);
        V1ConfigMap child = configMap("child", Map.of());
        child.getMetadata().addOwnerReferencesItem(ref);
        core.createNamespacedConfigMap("team", child).execute();

        apps.deleteNamespacedDeployment("web", "team").execute();

        assertThat(core.listNamespacedConfigMap("team").execute().getItems()).isEmpty();

        V1Deployment second = apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 1)).execute();
        V1ConfigMap orphan = configMap("orphan", Map.of());
        orphan.getMetadata().addOwnerReferencesItem(ref.uid(second.getMetadata().getUid()));
        core.createNamespacedConfigMap("team", orphan).execute();
        apps.deleteNamespacedDeployment("web", "team").propagationPolicy("Orphan").execute();

        V1ConfigMap kept = core.readNamespacedConfigMap("orphan", "team").execute();
        assertThat(kept.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }

    @Test
    void leasesSupportUnconditionalAndConditionalUpdates() throws ApiException {
        CoordinationV1Api coordination = new CoordinationV1Api(client);
        V1Lease lease = coordination.createNamespacedLease("team", new V1Lease().metadata(new V1ObjectMeta()
                .name("leader")).spec(new V1LeaseSpec().holderIdentity("a").leaseDurationSeconds(15))).execute();

        lease.getSpec().setHolderIdentity("b");
        V1Lease taken = coordination.replaceNamespacedLease("leader", "team", lease).execute();
        assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("b");

        lease.getSpec().setHolderIdentity("c");
        assertThatThrownBy(() -> coordination.replaceNamespacedLease("leader", "team", lease).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void scaleSubresourceReadsAndWritesReplicas() throws ApiException {
        apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 2)).execute();

        var scale = apps.readNamespacedDeploymentScale("web", "team").execute();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=web");

        scale.getSpec().setReplicas(5);
        apps.replaceNamespacedDeploymentScale("web", "team", scale).execute();

        assertThat(apps.readNamespacedDeployment("web", "team").execute().getSpec().getReplicas()).isEqualTo(5);
    }

    @Test
    void finalizersDelayDeletionUntilRemoved() throws ApiException {
        V1ConfigMap cm = configMap("held", Map.of());
        cm.getMetadata().addFinalizersItem("example.com/cleanup");
        core.createNamespacedConfigMap("team", cm).execute();

        core.deleteNamespacedConfigMap("held", "team").execute();

        V1ConfigMap terminating = core.readNamespacedConfigMap("held", "team").execute();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        terminating.getMetadata().setFinalizers(null);
        core.replaceNamespacedConfigMap("held", "team", terminating).execute();
        assertThatThrownBy(() -> core.readNamespacedConfigMap("held", "team").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    void generateNameCollectionDeleteAndNamespaceMismatch() throws ApiException {
        V1ConfigMap generated = core.createNamespacedConfigMap("team", new V1ConfigMap()
                .metadata(new V1ObjectMeta().generateName("gen-").labels(Map.of("batch", "1")))).execute();
        assertThat(generated.getMetadata().getName()).startsWith("gen-").hasSize(9);
        core.createNamespacedConfigMap("team", configMap("keep", Map.of())).execute();

        core.deleteCollectionNamespacedConfigMap("team").labelSelector("batch=1").execute();
        assertThat(core.listNamespacedConfigMap("team").execute().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("keep");

        V1ConfigMap elsewhere = configMap("x", Map.of());
        elsewhere.getMetadata().setNamespace("other");
        assertThatThrownBy(() -> core.createNamespacedConfigMap("team", elsewhere).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    }

    @Test
    void invalidNamesLabelsAndSelectorsAre422LikeTheRealServer() throws ApiException {
        assertThatThrownBy(() -> core.createNamespacedConfigMap("team", configMap("Web_Config", Map.of())).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getResponseBody()).contains("ConfigMap \\\"Web_Config\\\" is invalid")
                            .contains("metadata.name");
                });
        assertThatThrownBy(() -> core.createNamespacedConfigMap("team",
                configMap("ok", Map.of("revision", "v1.2.3+build")))
                .execute()).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(422));
        assertThatThrownBy(() -> core.createNamespacedService("team", new io.kubernetes.client.openapi.models.V1Service()
                .metadata(new V1ObjectMeta().name("1web"))).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(422));

        V1Deployment mismatched = Deployments.web("web", "app:v1", 1);
        mismatched.getSpec().getSelector().setMatchLabels(Map.of("app", "other"));
        assertThatThrownBy(() -> apps.createNamespacedDeployment("team", mismatched).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getResponseBody())
                        .contains("does not match template"));

        V1Deployment created = apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 1)).execute();
        created.getSpec().getSelector().setMatchLabels(Map.of("app", "web", "track", "x"));
        created.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "web", "track", "x"));
        assertThatThrownBy(() -> apps.replaceNamespacedDeployment("web", "team", created).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getResponseBody())
                        .contains("field is immutable"));

        server.validation(false);
        assertThat(core.createNamespacedConfigMap("team", configMap("Web_Config", Map.of())).execute()
                .getMetadata().getName()).isEqualTo("Web_Config");
    }
}
