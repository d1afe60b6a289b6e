package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.BatchV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1JobCondition;
import io.kubernetes.client.openapi.models.V1JobSpec;
import io.kubernetes.client.openapi.models.V1JobStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobControllerTest {
    private FakeKubeApiServer server;
    private BatchV1Api batch;

    @BeforeEach
    void start() {
        server = FakeKubeApiServer.start();
        batch = new BatchV1Api(server.apiClient());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void createJob(String name, String image) throws ApiException {
        batch.createNamespacedJob("team", new V1Job().metadata(new V1ObjectMeta().name(name))
                .spec(new V1JobSpec().backoffLimit(2).template(new V1PodTemplateSpec().spec(new V1PodSpec()
                        .restartPolicy("Never").containers(List.of(new V1Container().name("m").image(image)))))))
                .execute();
    }

    private V1JobStatus status(String name) throws ApiException {
        return batch.readNamespacedJob(name, "team").execute().getStatus();
    }

    private static List<String> trueConditions(V1JobStatus status) {
        return status.getConditions() == null ? List.of() : status.getConditions().stream()
                .filter(c -> c.getStatus().equals("True")).map(V1JobCondition::getType).toList();
    }

    @Test
    void jobsSucceedAfterTheDefaultTick() throws ApiException {
        createJob("migrate", "migrate:1");

        server.tick();
        V1JobStatus running = status("migrate");
        assertThat(running.getActive()).isEqualTo(1);
        assertThat(running.getStartTime()).isNotNull();
        assertThat(trueConditions(running)).isEmpty();

        server.tick();
        V1JobStatus done = status("migrate");
        assertThat(done.getSucceeded()).isEqualTo(1);
        assertThat(done.getActive()).isNull();
        assertThat(done.getCompletionTime()).isNotNull();
        assertThat(trueConditions(done)).contains("Complete");
    }

    @Test
    void jobsFailPerConfiguredOutcome() throws ApiException {
        server.jobs().whenImage("migrate:broken", JobOutcome.failAfter(2, "migration 42 failed"))
                .whenNameStartsWith("slow-", JobOutcome.succeedAfter(3));
        createJob("migrate", "migrate:broken");
        createJob("slow-one", "migrate:1");

        server.tick(2);
        assertThat(trueConditions(status("migrate"))).isEmpty();
        server.tick();

        V1JobStatus failed = status("migrate");
        assertThat(failed.getFailed()).isEqualTo(3);
        assertThat(trueConditions(failed)).contains("Failed").doesNotContain("Complete");
        assertThat(failed.getConditions()).filteredOn(c -> c.getType().equals("Failed")).singleElement()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("BackoffLimitExceeded");
                    assertThat(c.getMessage()).isEqualTo("migration 42 failed");
                });
        assertThat(trueConditions(status("slow-one"))).isEmpty();
        server.tick();
        assertThat(trueConditions(status("slow-one"))).contains("Complete");
    }

    @Test
    void jobPodsCarryTheOutcomeAndServeLogs() throws ApiException {
        server.jobs().defaultOutcome(JobOutcome.failAfter(1, "migration failed").withLogs("ERROR: relation exists\n"));
        createJob("migrate", "migrate:1");
        var core = new io.kubernetes.client.openapi.apis.CoreV1Api(server.apiClient());

        server.tick();
        var running = core.listNamespacedPod("team").labelSelector("job-name=migrate").execute().getItems();
        assertThat(running).singleElement().satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));

        server.tick();
        var pod = core.listNamespacedPod("team").labelSelector("job-name=migrate").execute().getItems().get(0);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Failed");
        assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(core.readNamespacedPodLog(pod.getMetadata().getName(), "team").execute())
                .isEqualTo("ERROR: relation exists\n");

        batch.deleteNamespacedJob("migrate", "team").propagationPolicy("Background").execute();
        assertThat(core.listNamespacedPod("team").execute().getItems()).isEmpty();
    }

    @Test
    void jobTemplateIsImmutable() throws ApiException {
        createJob("migrate", "migrate:1");
        V1Job job = batch.readNamespacedJob("migrate", "team").execute();
        job.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("migrate:2");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> batch.replaceNamespacedJob("migrate", "team", job)
                .execute()).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getResponseBody()).contains("spec.template").contains("field is immutable");
                });
    }
}
