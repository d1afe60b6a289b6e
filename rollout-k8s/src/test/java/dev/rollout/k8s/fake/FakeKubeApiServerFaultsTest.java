package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeKubeApiServerFaultsTest {
    private FakeKubeApiServer server;
    private ApiClient client;
    private CoreV1Api core;

    @BeforeEach
    void start() throws ApiException {
        server = FakeKubeApiServer.start();
        client = server.apiClient();
        core = new CoreV1Api(client);
        core.createNamespacedConfigMap("team", configMap("cfg")).execute();
        server.requests().reset();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static V1ConfigMap configMap(String name) {
        return new V1ConfigMap().metadata(new V1ObjectMeta().name(name)).data(Map.of("k", "v"));
    }

    @Test
    void failsTheNextMatchingRequestsThenRecovers() throws ApiException {
        server.faults().on("GET", "/api/v1/namespaces/team/configmaps/cfg").times(2).serverError();

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> core.readNamespacedConfigMap("cfg", "team").execute())
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(500);
                        assertThat(e.getResponseBody()).contains("\"reason\":\"InternalError\"");
                    });
        }
        assertThat(core.readNamespacedConfigMap("cfg", "team").execute().getData()).containsEntry("k", "v");
        assertThat(server.requests().all()).extracting(RequestLog.Entry::status).containsExactly(500, 500, 200);
        assertThat(server.faults().pending()).isZero();
    }

    @Test
    void injectedConflictAndTooManyRequestsCarryStatusBodies() throws ApiException {
        V1ConfigMap current = core.readNamespacedConfigMap("cfg", "team").execute()
                .data(Map.of("k", "changed"));
        server.faults().on("PUT", ".*/configmaps/cfg").conflict();
        server.faults().on(null, ".*").tooManyRequests(7);

        assertThatThrownBy(() -> core.replaceNamespacedConfigMap("cfg", "team", current).execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getResponseBody()).contains("\"reason\":\"Conflict\"");
                });
        assertThatThrownBy(() -> core.readNamespacedConfigMap("cfg", "team").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(429);
                    assertThat(e.getResponseHeaders()).containsEntry("Retry-After", List.of("7"));
                });
        assertThat(core.replaceNamespacedConfigMap("cfg", "team", current).execute().getData())
                .containsEntry("k", "changed");
    }

    @Test
    void droppedConnectionIsAnIoFailure() {
        // OkHttp silently retries a request whose connection dropped, so one drop is not enough.
        server.faults().on("GET", ".*").always().drop();

        assertThatThrownBy(() -> core.readNamespacedConfigMap("cfg", "team").execute())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isZero();
                    assertThat(e.getCause()).isInstanceOf(IOException.class);
                });
        assertThat(server.requests().all()).isNotEmpty().allSatisfy(e -> assertThat(e.status()).isEqualTo(-1));
    }

    @Test
    void hangingRequestTimesTheClientOut() {
        server.faults().on("GET", ".*").hang(Duration.ofSeconds(2));
        ApiClient impatient = server.apiClient();
        impatient.setReadTimeout(200);

        assertThatThrownBy(() -> new CoreV1Api(impatient).readNamespacedConfigMap("cfg", "team").execute())
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class));
    }

    @Test
    void requestLogRecordsWritesWithBodiesAndQueries() throws ApiException {
        core.listNamespacedConfigMap("team").labelSelector("app in (a,b)").execute();
        core.createNamespacedConfigMap("team", configMap("second")).execute();
        core.deleteNamespacedConfigMap("second", "team").execute();

        assertThat(server.requests().writeCount()).isEqualTo(2);
        assertThat(server.requests().writes()).extracting(RequestLog.Entry::method).containsExactly("POST", "DELETE");
        assertThat(server.requests().writes().get(0).json().path("metadata").path("name").asText()).isEqualTo("second");
        assertThat(server.requests().writes().get(0).status()).isEqualTo(201);
        assertThat(server.requests().matching("GET", ".*/configmaps")).singleElement()
                .satisfies(e -> assertThat(e.queryParam("labelSelector")).isEqualTo("app in (a,b)"));

        server.requests().reset();
        assertThat(server.requests().all()).isEmpty();
    }

    @Test
    void watchReplaysFromAResourceVersionAndStreamsLiveChanges() throws Exception {
        String since = core.listNamespacedConfigMap("team").execute().getMetadata().getResourceVersion();
        V1ConfigMap second = core.createNamespacedConfigMap("team", configMap("second")).execute();
        core.replaceNamespacedConfigMap("second", "team", second.data(Map.of("k", "w"))).execute();
        core.deleteNamespacedConfigMap("second", "team").execute();

        List<String> seen = new ArrayList<>();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                core.listNamespacedConfigMap("team").watch(true).resourceVersion(since).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            for (int i = 0; i < 3; i++) {
                Watch.Response<V1ConfigMap> event = watch.next();
                seen.add(event.type + " " + event.object.getMetadata().getName());
            }
            core.createNamespacedConfigMap("team", configMap("third")).execute();
            Watch.Response<V1ConfigMap> live = watch.next();
            seen.add(live.type + " " + live.object.getMetadata().getName());
        }

        assertThat(seen).containsExactly("ADDED second", "MODIFIED second", "DELETED second", "ADDED third");
    }

    @Test
    void watchFromATooOldResourceVersionGetsExpired() throws Exception {
        for (int i = 0; i < 3; i++) {
            core.createNamespacedConfigMap("team", configMap("n" + i)).execute();
        }
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client,
                core.listNamespacedConfigMap("team").watch(true).resourceVersion("5").buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            Watch.Response<V1ConfigMap> event = watch.next();
            assertThat(event.type).isEqualTo("ERROR");
            assertThat(event.status.getCode()).isEqualTo(410);
        }
    }

    @Test
    void lostResponseStillAppliesTheWrite() {
        server.faults().on("POST", ".*").always().applyThenDrop();

        assertThatThrownBy(() -> core.createNamespacedConfigMap("team", configMap("lost")).execute())
                .isInstanceOf(ApiException.class);

        server.faults().clear();
        assertThat(server.get("v1", "configmaps", "team", "lost")).isPresent();
        assertThat(server.requests().writes()).isNotEmpty().allSatisfy(e -> assertThat(e.status()).isEqualTo(-1));
    }

    @Test
    void kubeconfigPointsClientJavaAtTheServer() throws Exception {
        ApiClient fromConfig = io.kubernetes.client.util.Config.fromConfig(new java.io.StringReader(
                server.kubeconfig("team")));

        assertThat(new CoreV1Api(fromConfig).readNamespacedConfigMap("cfg", "team").execute().getData())
                .containsEntry("k", "v");
    }

    @Test
    void watchWithASelectorSeesObjectsEnterAndLeaveIt() throws Exception {
        String since = core.listNamespacedConfigMap("team").execute().getMetadata().getResourceVersion();
        V1ConfigMap cm = core.readNamespacedConfigMap("cfg", "team").execute();
        cm.getMetadata().setLabels(Map.of("track", "canary"));
        cm = core.replaceNamespacedConfigMap("cfg", "team", cm).execute();
        cm.setData(Map.of("k", "w"));
        cm = core.replaceNamespacedConfigMap("cfg", "team", cm).execute();
        cm.getMetadata().setLabels(Map.of("track", "stable"));
        core.replaceNamespacedConfigMap("cfg", "team", cm).execute();

        List<String> seen = new ArrayList<>();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client, core.listNamespacedConfigMap("team")
                        .labelSelector("track=canary").watch(true).resourceVersion(since).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            for (int i = 0; i < 3; i++) {
                seen.add(watch.next().type);
            }
        }

        assertThat(seen).containsExactly("ADDED", "MODIFIED", "DELETED");
    }

    @Test
    void heldWriteLosesARaceDeterministically() throws Exception {
        V1ConfigMap mine = core.readNamespacedConfigMap("cfg", "team").execute().data(Map.of("k", "mine"));
        V1ConfigMap theirs = core.readNamespacedConfigMap("cfg", "team").execute().data(Map.of("k", "theirs"));
        Faults.Gate gate = server.faults().on("PUT", ".*/configmaps/cfg").hold();
        java.util.concurrent.CompletableFuture<Integer> held = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                core.replaceNamespacedConfigMap("cfg", "team", mine).execute();
                return 200;
            } catch (ApiException e) {
                return e.getCode();
            }
        });
        assertThat(gate.awaitHeld(Duration.ofSeconds(10))).isTrue();

        core.replaceNamespacedConfigMap("cfg", "team", theirs).execute();
        gate.release();

        assertThat(held.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(409);
        assertThat(core.readNamespacedConfigMap("cfg", "team").execute().getData()).containsEntry("k", "theirs");
    }
}
