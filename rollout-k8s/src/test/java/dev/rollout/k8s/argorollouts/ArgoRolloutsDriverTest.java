package dev.rollout.k8s.argorollouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.RequestLog;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArgoRolloutsDriverTest {
    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer east = start();
    private final FakeKubeApiServer west = start();
    private final ArgoRolloutsDriver eastDriver =
            new ArgoRolloutsDriver(KubernetesConnection.of("east", east.apiClient()));
    private final ArgoRolloutsDriver westDriver =
            new ArgoRolloutsDriver(KubernetesConnection.of("west", west.apiClient()));

    private FakeKubeApiServer start() {
        FakeKubeApiServer server = FakeKubeApiServer.start(clock);
        server.addController(new FakeArgoRollouts(server));
        server.create("argoproj.io/v1alpha1", "rollouts", "shop", """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"replicas":4,"strategy":{"canary":{"steps":[
                     {"setWeight":20},{"pause":{}},{"setWeight":50},{"pause":{}}]}},
                   "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
                     {"name":"web","image":"registry.example/web:1"}]}}}}
                """);
        server.tick(2);
        return server;
    }

    @AfterEach
    void close() {
        east.close();
        west.close();
    }

    /** Drives one cluster's Rollout through its pauses to the end; returns the steps seen. */
    private List<Integer> rollOut(FakeKubeApiServer server, ArgoRolloutsDriver driver) {
        driver.setImage("shop", "web", "web", "registry.example/web:2");
        driver.setImage("shop", "web", "web", "registry.example/web:2");
        java.util.ArrayList<Integer> pausedAt = new java.util.ArrayList<>();
        for (int i = 0; i < 20 && !driver.status("shop", "web").completed(); i++) {
            server.tick();
            ArgoRolloutStatus status = driver.status("shop", "web");
            if (status.paused()) {
                pausedAt.add(status.currentStepIndex().orElseThrow());
                driver.promote("shop", "web", false);
            }
        }
        return pausedAt;
    }

    @Test
    void twoClustersAreRolledOutInSequenceWithAGateBetween() {
        List<Integer> eastPauses = rollOut(east, eastDriver);
        ArgoRolloutStatus eastDone = eastDriver.status("shop", "web");
        assertThat(eastDone.completed()).isTrue();
        assertThat(westDriver.status("shop", "web").completed())
                .as("west has not been touched before the gate").isTrue();
        assertThat(west.requests().writes()).isEmpty();

        List<Integer> westPauses = rollOut(west, westDriver);

        assertThat(eastPauses).containsExactly(1, 3);
        assertThat(westPauses).containsExactly(1, 3);
        assertThat(westDriver.status("shop", "web")).satisfies(s -> {
            assertThat(s.phase()).isEqualTo("Healthy");
            assertThat(s.stepCount()).isEqualTo(4);
        });
        assertThat(east.requests().matching("PATCH", ".*/rollouts/web.*"))
                .extracting(RequestLog.Entry::contentType)
                .allMatch(t -> t.startsWith("application/merge-patch+json")
                        || t.startsWith("application/json-patch+json"));
        assertThat(east.requests().matching("PATCH", ".*/rollouts/web/status")).hasSize(2)
                .allMatch(e -> e.body().contains("\"pauseConditions\":null"));
        assertThat(east.requests().matching("PATCH", ".*/rollouts/web$")).hasSize(1);
    }

    @Test
    void abortSendsTheRolloutBackAndRetryStartsAgain() {
        eastDriver.setImage("shop", "web", null, "registry.example/web:3");
        east.tick(2);
        assertThat(eastDriver.status("shop", "web").canaryWeight()).contains(20);

        eastDriver.abort("shop", "web");
        east.tick();

        ArgoRolloutStatus aborted = eastDriver.status("shop", "web");
        assertThat(aborted.failed()).isTrue();
        assertThat(aborted.message()).contains("aborted");
        assertThat(aborted.canaryWeight()).contains(0);
        eastDriver.retry("shop", "web");
        assertThat(eastDriver.status("shop", "web").aborted()).isFalse();
    }

    @Test
    void aNewPodTemplateStartsAnUpdateAndARacingWriterIsReRead() {
        east.faults().on("PATCH", ".*/rollouts/web").times(1)
                .respond(422, "Invalid", "test operation failed");
        String template = """
                {"metadata":{"labels":{"app":"web","tier":"front"}},"spec":{"containers":[
                  {"name":"web","image":"registry.example/web:5"}]}}""";

        eastDriver.setTemplate("shop", "web", template);
        eastDriver.setTemplate("shop", "web", template);
        east.tick(2);

        assertThat(east.get("argoproj.io/v1alpha1", "rollouts", "shop", "web").orElseThrow()
                .path("spec").path("template").path("metadata").path("labels").path("tier")
                .asText()).isEqualTo("front");
        assertThat(east.requests().matching("PATCH", ".*/rollouts/web")).hasSize(2)
                .allMatch(e -> e.body().contains("/metadata/resourceVersion"));
        assertThat(eastDriver.status("shop", "web").completed()).isFalse();
    }

    @Test
    void promoteFullSkipsEveryStep() {
        eastDriver.setImage("shop", "web", "web", "registry.example/web:4");
        east.tick(2);

        eastDriver.promote("shop", "web", true);
        east.tick(2);

        assertThat(eastDriver.status("shop", "web").completed()).isTrue();
    }
}
