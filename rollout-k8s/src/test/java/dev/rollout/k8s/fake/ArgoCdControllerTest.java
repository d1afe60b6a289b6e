package dev.rollout.k8s.fake;

import static dev.rollout.k8s.fake.CustomResources.at;
import static dev.rollout.k8s.fake.CustomResources.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.rollout.api.MockClock;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArgoCdControllerTest {
    private final MockClock clock = new MockClock();
    private FakeKubeApiServer server;
    private CustomResources apps;

    @BeforeEach
    void start() {
        server = FakeKubeApiServer.start(clock);
        server.argoCd().enable();
        apps = new CustomResources(server.apiClient(), "argoproj.io", "v1alpha1", "applications");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonObject app() throws ApiException {
        return apps.get("argocd", "shop");
    }

    private void createApp(boolean automated) throws ApiException {
        apps.create("""
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                 "metadata":{"name":"shop","namespace":"argocd"},
                 "spec":{"project":"default",
                         "source":{"repoURL":"https://git.example/shop","path":"chart","targetRevision":"v1"},
                         "destination":{"server":"https://kubernetes.default.svc","namespace":"shop"}
                         %s}}""".formatted(automated ? ",\"syncPolicy\":{\"automated\":{}}" : ""));
    }

    @Test
    void automatedSyncFollowsTargetRevisionThroughAnOperation() throws ApiException {
        server.argoCd().resolveWith(t -> "sha-" + t).whenRevision("sha-v2", SyncOutcome.degraded());
        createApp(true);

        server.tick();
        JsonObject running = app();
        assertThat(text(running, "status.operationState.phase")).isEqualTo("Running");
        assertThat(text(running, "operation.sync.revision")).isEqualTo("sha-v1");
        assertThat(at(running, "operation.initiatedBy.automated").getAsBoolean()).isTrue();

        server.tick();
        JsonObject synced = app();
        assertThat(text(synced, "status.sync.status")).isEqualTo("Synced");
        assertThat(text(synced, "status.sync.revision")).isEqualTo("sha-v1");
        assertThat(text(synced, "status.health.status")).isEqualTo("Healthy");
        assertThat(text(synced, "status.operationState.phase")).isEqualTo("Succeeded");
        assertThat(text(synced, "status.operationState.finishedAt")).isNotNull();
        assertThat(synced.has("operation")).isFalse();
        assertThat(at(synced, "status.history").getAsJsonArray()).hasSize(1);

        apps.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                "{\"spec\":{\"source\":{\"targetRevision\":\"v2\"}}}");
        server.tick(2);

        JsonObject second = app();
        assertThat(text(second, "status.sync.revision")).isEqualTo("sha-v2");
        assertThat(text(second, "status.health.status")).isEqualTo("Degraded");
        assertThat(at(second, "status.history").getAsJsonArray()).hasSize(2);
    }

    @Test
    void manualSyncWaitsForAnOperationAndStampsItsTimes() throws ApiException {
        createApp(false);
        server.tick();
        assertThat(text(app(), "status.sync.status")).isEqualTo("OutOfSync");
        assertThat(text(app(), "status.operationState.phase")).isNull();

        clock.add(Duration.ofMinutes(1));
        Instant requested = clock.instant();
        apps.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                "{\"operation\":{\"initiatedBy\":{\"username\":\"rollout\"},\"sync\":{\"revision\":\"v1\"}}}");
        server.argoCd().syncTicks(2);
        server.tick();
        clock.add(Duration.ofSeconds(5));
        server.tick();
        assertThat(text(app(), "status.operationState.phase")).isEqualTo("Running");
        server.tick();

        JsonObject done = app();
        assertThat(text(done, "status.sync.status")).isEqualTo("Synced");
        assertThat(text(done, "status.operationState.phase")).isEqualTo("Succeeded");
        assertThat(Instant.parse(text(done, "status.operationState.startedAt"))).isEqualTo(requested);
        assertThat(Instant.parse(text(done, "status.operationState.finishedAt"))).isAfter(requested);
        assertThat(text(done, "status.operationState.operation.initiatedBy.username")).isEqualTo("rollout");
    }

    @Test
    void failedMultiSourceSyncIsNotRetriedForTheSameRevisions() throws ApiException {
        server.argoCd().whenRevision("b2", SyncOutcome.failed("one or more objects failed to apply"));
        apps.create("""
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                 "metadata":{"name":"shop","namespace":"argocd"},
                 "spec":{"sources":[{"repoURL":"https://git/a","targetRevision":"a1"},
                                    {"repoURL":"https://git/b","targetRevision":"b1"}],
                         "destination":{"namespace":"shop"},"syncPolicy":{"automated":{"prune":true}}}}""");
        server.tick(2);
        assertThat(at(app(), "status.sync.revisions").toString()).isEqualTo("[\"a1\",\"b1\"]");

        apps.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_PATCH,
                "[{\"op\":\"replace\",\"path\":\"/spec/sources/1/targetRevision\",\"value\":\"b2\"}]");
        server.tick(2);

        JsonObject failed = app();
        assertThat(text(failed, "status.operationState.phase")).isEqualTo("Failed");
        assertThat(text(failed, "status.operationState.message")).isEqualTo("one or more objects failed to apply");
        assertThat(text(failed, "status.sync.status")).isEqualTo("OutOfSync");
        assertThat(at(failed, "status.operationState.syncResult.revisions").toString()).isEqualTo("[\"a1\",\"b2\"]");
        String finishedAt = text(failed, "status.operationState.finishedAt");
        long writes = server.store().resourceVersion();

        server.tick(3);
        assertThat(text(app(), "status.operationState.finishedAt")).isEqualTo(finishedAt);
        assertThat(server.store().resourceVersion()).as("no retry, no writes").isEqualTo(writes);
    }

    @Test
    void isOffUntilEnabled() throws ApiException {
        server.argoCd().disable();
        createApp(true);
        server.tick(3);
        assertThat(app().has("status")).isFalse();
    }

    @Test
    void healthCanStayProgressingAfterTheSync() throws ApiException {
        server.argoCd().progressingTicks(2);
        createApp(true);
        server.tick(2);
        assertThat(text(app(), "status.sync.status")).isEqualTo("Synced");
        assertThat(text(app(), "status.health.status")).isEqualTo("Progressing");

        server.tick();
        assertThat(text(app(), "status.health.status")).isEqualTo("Progressing");
        server.tick();

        assertThat(text(app(), "status.health.status")).isEqualTo("Healthy");
    }

    @Test
    void historyKeepsRevisionHistoryLimitEntries() throws ApiException {
        createApp(true);
        apps.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, "{\"spec\":{\"revisionHistoryLimit\":1}}");
        server.tick(2);
        apps.patch("argocd", "shop", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
                "{\"spec\":{\"source\":{\"targetRevision\":\"v2\"}}}");
        server.tick(2);

        var history = at(app(), "status.history").getAsJsonArray();
        assertThat(history).hasSize(1);
        assertThat(history.get(0).getAsJsonObject().get("revision").getAsString()).isEqualTo("v2");
        assertThat(history.get(0).getAsJsonObject().get("id").getAsInt()).isEqualTo(1);
    }
}
