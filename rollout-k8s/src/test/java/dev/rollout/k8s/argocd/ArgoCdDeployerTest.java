package dev.rollout.k8s.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.MockClock;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.RequestLog;
import dev.rollout.k8s.fake.SyncOutcome;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deployer's patches and verdicts against the fake server's Argo CD controller. */
class ArgoCdDeployerTest {
    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer server = FakeKubeApiServer.start(clock);
    private final ArgoCdDeployer deployer = new ArgoCdDeployer(
            KubernetesConnection.of("argo", server.apiClient()), clock, Duration.ofMinutes(10));

    ArgoCdDeployerTest() {
        // One tick to sync, one more with health Progressing, as while the Deployment rolls out.
        server.argoCd().enable().progressingTicks(1);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private void seed(String name, String specJson) {
        server.create("argoproj.io/v1alpha1", "applications", "argocd", """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                 "metadata":{"name":"%s","namespace":"argocd"},"spec":%s,
                 "status":{"sync":{"status":"Synced","revision":"v1",
                                   "comparedTo":{"source":{"targetRevision":"v1"}}},
                           "health":{"status":"Healthy"}}}
                """.formatted(name, specJson));
    }

    private JsonNode app(String name) {
        return server.get("argoproj.io/v1alpha1", "applications", "argocd", name).orElseThrow();
    }

    private ArgoCdStatus runUntilDone(ArgoCdDeployment deployment) {
        ArgoCdStatus status = deployer.status(deployment);
        for (int i = 0; i < 10 && status instanceof ArgoCdStatus.InProgress; i++) {
            clock.add(Duration.ofSeconds(5));
            server.tick();
            status = deployer.status(deployment);
        }
        return status;
    }

    @Test
    void autoSyncedSingleSourceAppIsMovedByMergePatchAndWaitedForUntilHealthy() {
        seed("web", """
                {"source":{"repoURL":"https://git.example/web","targetRevision":"v1"},
                 "syncPolicy":{"automated":{}}}""");
        clock.add(Duration.ofSeconds(1));

        ArgoCdDeployment deployment = deployer.deploy("argocd", "web", "v2");
        assertThat(deployer.status(deployment)).isInstanceOf(ArgoCdStatus.InProgress.class);
        ArgoCdStatus done = runUntilDone(deployment);

        assertThat(done).isInstanceOf(ArgoCdStatus.Succeeded.class);
        assertThat(app("web").path("spec").path("source").path("targetRevision").asText())
                .isEqualTo("v2");
        assertThat(server.requests().matching("PATCH", ".*/applications/web"))
                .singleElement().satisfies(e -> {
                    assertThat(e.contentType()).startsWith("application/merge-patch+json");
                    assertThat(e.body()).doesNotContain("operation");
                });
    }

    @Test
    void theConductorsValuesFilesBecomeTheSourcesHelmValueFiles() {
        seed("web", """
                {"source":{"repoURL":"https://git.example/web","path":"chart","targetRevision":"v1",
                           "helm":{"valueFiles":["values.yaml"]}},
                 "syncPolicy":{"automated":{}}}""");
        java.nio.file.Path chart = java.nio.file.Path.of("/repo/chart");
        List<String> files = ArgoCdDeployer.valueFiles(chart, List.of(chart.resolve("values.yaml"),
                chart.resolve("values-production.yaml"), chart.resolve("values-production-us-east.yaml")));
        assertThat(files).containsExactly("values.yaml", "values-production.yaml",
                "values-production-us-east.yaml");

        ArgoCdDeployment deployment = deployer.deploy("argocd", "web", "v2", OptionalInt.empty(), files);

        assertThat(app("web").path("spec").path("source").path("helm").path("valueFiles"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(files);
        assertThat(app("web").path("spec").path("source").path("targetRevision").asText()).isEqualTo("v2");
        assertThat(runUntilDone(deployment)).isInstanceOf(ArgoCdStatus.Succeeded.class);
        // Repeating it changes nothing.
        int patches = server.requests().matching("PATCH", ".*/applications/web").size();
        deployer.deploy("argocd", "web", "v2", OptionalInt.empty(), files);
        assertThat(server.requests().matching("PATCH", ".*/applications/web")).hasSize(patches);
    }

    @Test
    void aMultiSourceApplicationGetsItsValueFilesByJsonPatch() {
        server.create("argoproj.io/v1alpha1", "applications", "argocd", """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                 "metadata":{"name":"multi","namespace":"argocd"},
                 "spec":{"sources":[{"repoURL":"https://git.example/web","targetRevision":"v1"},
                                    {"repoURL":"https://git.example/values","ref":"values"}],
                         "syncPolicy":{"automated":{}}}}
                """);

        deployer.deploy("argocd", "multi", "v2", OptionalInt.of(0), List.of("values.yaml", "values-eu.yaml"));

        JsonNode source = app("multi").path("spec").path("sources").path(0);
        assertThat(source.path("targetRevision").asText()).isEqualTo("v2");
        assertThat(source.path("helm").path("valueFiles")).extracting(JsonNode::asText)
                .containsExactly("values.yaml", "values-eu.yaml");
    }

    @Test
    void manualSyncAppGetsAnOperationAndMultiSourceAppsAJsonPatch() {
        server.create("argoproj.io/v1alpha1", "applications", "argocd", """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                 "metadata":{"name":"multi","namespace":"argocd"},
                 "spec":{"sources":[{"repoURL":"https://git.example/web","targetRevision":"v1"},
                                    {"repoURL":"https://git.example/values","ref":"values"}]}}
                """);

        ArgoCdDeployment deployment = deployer.deploy("argocd", "multi", "v2",
                OptionalInt.of(0));

        var patches = server.requests().matching("PATCH", ".*/applications/multi");
        assertThat(patches).extracting(RequestLog.Entry::contentType).containsExactly(
                "application/json-patch+json", "application/merge-patch+json");
        assertThat(patches.get(0).body()).contains("\"op\":\"test\"")
                .contains("/spec/sources/0/targetRevision");
        assertThat(patches.get(1).body()).contains("\"operation\"").contains("\"revisions\"");
        assertThat(runUntilDone(deployment)).isInstanceOf(ArgoCdStatus.Succeeded.class);
    }

    @Test
    void aDegradedApplicationIsAFailureWithArgoCdsMessage() {
        seed("web", """
                {"source":{"targetRevision":"v1"},"syncPolicy":{"automated":{}}}""");
        server.argoCd().whenRevision("v3",
                SyncOutcome.degraded("Deployment web exceeded its progress deadline"));

        ArgoCdStatus status = runUntilDone(deployer.deploy("argocd", "web", "v3"));

        assertThat(status).isInstanceOf(ArgoCdStatus.Failed.class);
        assertThat(status.message()).contains("Degraded").contains("progress deadline");
    }

    @Test
    void aFailedSyncIsAFailureWithArgoCdsMessage() {
        seed("web", """
                {"source":{"targetRevision":"v1"},"syncPolicy":{"automated":{}}}""");
        server.argoCd().whenRevision("v4",
                SyncOutcome.failed("one or more objects failed to apply: ImagePullBackOff"));

        ArgoCdStatus status = runUntilDone(deployer.deploy("argocd", "web", "v4"));

        assertThat(status).isInstanceOf(ArgoCdStatus.Failed.class);
        assertThat(status.message()).contains("sync Failed").contains("ImagePullBackOff");
    }

    @Test
    void aSyncThatNeverHappensTimesOutAndAnOldSyncDoesNotCount() {
        seed("web", """
                {"source":{"targetRevision":"v1"}}""");
        server.store().mutate(server.type("argoproj.io/v1alpha1", "applications"), "argocd",
                "web", app -> {
                    app.with("status").putObject("operationState").put("phase", "Succeeded")
                            .put("startedAt", "2025-01-01T00:00:00Z");
                    return app;
                });
        clock.add(Duration.ofSeconds(3));
        ArgoCdDeployment deployment = deployer.deploy("argocd", "web", "v5");
        // nobody runs Argo CD: no tick
        assertThat(deployer.status(deployment)).isInstanceOf(ArgoCdStatus.InProgress.class);

        clock.add(Duration.ofMinutes(10));
        assertThat(deployer.status(deployment)).isInstanceOfSatisfying(ArgoCdStatus.Failed.class,
                f -> assertThat(f.message()).contains("timed out after PT10M"));
    }

    @Test
    void deployingTheRevisionAlreadyRunningChangesNothingAndSucceedsAtOnce() {
        seed("web", """
                {"source":{"targetRevision":"v1"},"syncPolicy":{"automated":{}}}""");

        ArgoCdDeployment deployment = deployer.deploy("argocd", "web", "v1");

        assertThat(server.requests().writes()).isEmpty();
        assertThat(deployer.status(deployment)).isInstanceOf(ArgoCdStatus.Succeeded.class);
    }
}
