package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentCondition;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeploymentControllerTest {
    private final MockClock clock = new MockClock();
    private FakeKubeApiServer server;
    private ApiClient client;
    private AppsV1Api apps;
    private CoreV1Api core;

    @BeforeEach
    void start() throws ApiException {
        server = FakeKubeApiServer.start(clock);
        client = server.apiClient();
        apps = new AppsV1Api(client);
        core = new CoreV1Api(client);
        apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 3)).execute();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private V1DeploymentStatus status() throws ApiException {
        return apps.readNamespacedDeployment("web", "team").execute().getStatus();
    }

    private static V1DeploymentCondition condition(V1DeploymentStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private void setImage(String image) throws ApiException {
        PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment("web", "team", new V1Patch(
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"" + image + "\"}]}}}}"))
                .buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    }

    private List<V1Pod> pods() throws ApiException {
        return core.listNamespacedPod("team").labelSelector("app=web").execute().getItems();
    }

    @Test
    void nothingMovesWithoutATick() throws ApiException {
        assertThat(status()).isNull();
        assertThat(pods()).isEmpty();
    }

    @Test
    void readyPodsCompleteTheRolloutInOneTick() throws ApiException {
        server.tick();

        V1DeploymentStatus s = status();
        assertThat(s.getObservedGeneration()).isEqualTo(1);
        assertThat(s.getReplicas()).isEqualTo(3);
        assertThat(s.getUpdatedReplicas()).isEqualTo(3);
        assertThat(s.getReadyReplicas()).isEqualTo(3);
        assertThat(s.getAvailableReplicas()).isEqualTo(3);
        assertThat(s.getUnavailableReplicas()).isNull();
        assertThat(condition(s, "Available").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        var replicaSets = apps.listNamespacedReplicaSet("team").execute().getItems();
        assertThat(replicaSets).singleElement().satisfies(rs -> {
            assertThat(rs.getMetadata().getName()).startsWith("web-");
            assertThat(rs.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Deployment");
            assertThat(rs.getStatus().getReadyReplicas()).isEqualTo(3);
        });
        assertThat(pods()).hasSize(3).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getMetadata().getLabels()).containsKey("pod-template-hash");
        });
    }

    @Test
    void slowPodsKeepTheOldReplicaSetUntilReady() throws ApiException {
        server.deployments().whenImage("app:v2", PodBehaviour.readyAfter(2));
        server.tick();
        setImage("app:v2");
        assertThat(status().getObservedGeneration()).isEqualTo(1);

        server.tick();
        V1DeploymentStatus progressing = status();
        assertThat(progressing.getObservedGeneration()).isEqualTo(2);
        assertThat(progressing.getUpdatedReplicas()).isEqualTo(3);
        assertThat(progressing.getReplicas()).isEqualTo(6);
        assertThat(progressing.getReadyReplicas()).isEqualTo(3);
        assertThat(condition(progressing, "Progressing").getStatus()).isEqualTo("True");
        assertThat(condition(progressing, "Progressing").getReason()).isNotEqualTo("NewReplicaSetAvailable");

        server.tick();
        assertThat(status().getReplicas()).isEqualTo(6);
        server.tick();
        V1DeploymentStatus done = status();
        assertThat(done.getReplicas()).isEqualTo(3);
        assertThat(done.getReadyReplicas()).isEqualTo(3);
        assertThat(condition(done, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(pods()).extracting(p -> p.getSpec().getContainers().get(0).getImage()).containsOnly("app:v2");
        assertThat(apps.readNamespacedDeployment("web", "team").execute().getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void crashLoopingPodsExceedTheProgressDeadlineInTicks() throws ApiException {
        server.deployments().whenImage("app:bad", PodBehaviour.crashLoop()).progressDeadlineTicks(3);
        server.tick();
        setImage("app:bad");

        server.tick(3);
        assertThat(condition(status(), "Progressing").getStatus()).isEqualTo("True");
        server.tick();

        V1DeploymentStatus s = status();
        assertThat(condition(s, "Progressing").getStatus()).isEqualTo("False");
        assertThat(condition(s, "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(s.getAvailableReplicas()).as("old pods keep serving").isEqualTo(3);
        assertThat(s.getUpdatedReplicas()).isEqualTo(3);
        assertThat(pods()).filteredOn(p -> p.getSpec().getContainers().get(0).getImage().equals("app:bad"))
                .hasSize(3).allSatisfy(p -> assertThat(p.getStatus().getContainerStatuses().get(0).getState()
                        .getWaiting().getReason()).isEqualTo("CrashLoopBackOff"));
    }

    @Test
    void progressDeadlineFollowsTheServerClock() throws ApiException {
        server.deployments().whenLabel("app", "web", PodBehaviour.imagePullFailure());
        server.tick();
        clock.add(Duration.ofSeconds(600));
        server.tick();
        assertThat(condition(status(), "Progressing").getStatus()).isEqualTo("True");

        clock.add(Duration.ofSeconds(1));
        server.tick();

        assertThat(condition(status(), "Progressing").getReason()).isEqualTo("ProgressDeadlineExceeded");
        assertThat(condition(status(), "Available").getStatus()).isEqualTo("False");
        assertThat(pods()).allSatisfy(p -> assertThat(p.getStatus().getContainerStatuses().get(0).getState()
                .getWaiting().getReason()).isIn("ErrImagePull", "ImagePullBackOff"));
    }

    @Test
    void scalingFollowsSpecReplicasAndDeletionCollectsReplicaSetsAndPods() throws ApiException {
        server.tick();
        var scale = apps.readNamespacedDeploymentScale("web", "team").execute();
        scale.getSpec().setReplicas(1);
        apps.replaceNamespacedDeploymentScale("web", "team", scale).execute();
        server.tick();
        assertThat(status().getReplicas()).isEqualTo(1);
        assertThat(pods()).hasSize(1);

        apps.deleteNamespacedDeployment("web", "team").execute();

        assertThat(apps.listNamespacedReplicaSet("team").execute().getItems()).isEmpty();
        assertThat(pods()).isEmpty();
    }

    @Test
    void autoTickMovesStatusWhileAClientPolls() throws ApiException {
        server.autoTick(true);

        assertThat(status().getReadyReplicas()).isEqualTo(3);
    }

    @Test
    void podsCanBecomeReadyOnTheServerClock() throws ApiException {
        server.deployments().defaultBehaviour(PodBehaviour.readyAfter(Duration.ofSeconds(30)));
        server.tick();
        clock.add(Duration.ofSeconds(29));
        server.tick();
        assertThat(status().getReadyReplicas()).isNull();

        clock.add(Duration.ofSeconds(1));
        server.tick();

        assertThat(status().getReadyReplicas()).isEqualTo(3);
    }
}
