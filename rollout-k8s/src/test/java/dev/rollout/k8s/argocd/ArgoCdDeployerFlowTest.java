package dev.rollout.k8s.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.SyncOutcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deployer against the fake server's own Argo CD controller (revisions resolve to SHAs). */
class ArgoCdDeployerFlowTest {
    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer server = FakeKubeApiServer.start(clock);
    private final ArgoCdDeployer deployer = new ArgoCdDeployer(
            KubernetesConnection.of("argo", server.apiClient()), clock, Duration.ofMinutes(10));

    ArgoCdDeployerFlowTest() {
        server.argoCd().enable().resolveWith(target -> "0123abc-" + target).progressingTicks(2);
    }

    @AfterEach
    void close() {
        server.close();
    }

    private void app(String name, boolean automated) {
        server.create("argoproj.io/v1alpha1", "applications", "argocd", """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Application",
                 "metadata":{"name":"%s","namespace":"argocd"},
                 "spec":{"project":"default","source":{"repoURL":"https://git.example/web",
                   "path":"chart","targetRevision":"v1"},
                   "destination":{"server":"https://kubernetes.default.svc","namespace":"shop"}%s}}
                """.formatted(name, automated ? ",\"syncPolicy\":{\"automated\":{}}" : ""));
        server.tick(3);
    }

    private ArgoCdStatus await(ArgoCdDeployment deployment) {
        ArgoCdStatus status = deployer.status(deployment);
        for (int i = 0; i < 20 && status instanceof ArgoCdStatus.InProgress; i++) {
            clock.add(Duration.ofSeconds(5));
            server.tick();
            status = deployer.status(deployment);
        }
        return status;
    }

    @Test
    void anAutoSyncedApplicationReachesSyncedAndHealthyAtTheRevision() {
        app("web", true);
        clock.add(Duration.ofSeconds(2));

        ArgoCdDeployment deployment = deployer.deploy("argocd", "web", "v2");
        assertThat(deployer.status(deployment)).isInstanceOf(ArgoCdStatus.InProgress.class);
        server.tick(2);
        assertThat(deployer.status(deployment)).as("synced but still Progressing")
                .isInstanceOf(ArgoCdStatus.InProgress.class);

        assertThat(await(deployment)).isInstanceOf(ArgoCdStatus.Succeeded.class);
    }

    @Test
    void aManualSyncApplicationIsSyncedThroughAnOperation() {
        app("web", false);

        ArgoCdStatus status = await(deployer.deploy("argocd", "web", "v2"));

        assertThat(status).isInstanceOf(ArgoCdStatus.Succeeded.class);
        assertThat(server.get("argoproj.io/v1alpha1", "applications", "argocd", "web")
                .orElseThrow().path("status").path("sync").path("revision").asText())
                .isEqualTo("0123abc-v2");
    }

    @Test
    void failedAndDegradedSyncsAreFailuresWithArgoCdsMessage() {
        app("web", true);
        app("api", true);
        server.argoCd().whenRevision("0123abc-v3", SyncOutcome.failed(
                "one or more objects failed to apply: admission webhook denied"));
        server.argoCd().whenRevision("0123abc-v4", SyncOutcome.degraded());

        ArgoCdStatus failed = await(deployer.deploy("argocd", "web", "v3"));
        ArgoCdStatus degraded = await(deployer.deploy("argocd", "api", "v4"));

        assertThat(failed).isInstanceOf(ArgoCdStatus.Failed.class);
        assertThat(failed.message()).contains("sync Failed").contains("admission webhook denied");
        assertThat(degraded).isInstanceOf(ArgoCdStatus.Failed.class);
        assertThat(degraded.message()).contains("Degraded");
    }
}
