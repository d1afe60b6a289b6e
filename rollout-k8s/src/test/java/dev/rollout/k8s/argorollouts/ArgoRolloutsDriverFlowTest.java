package dev.rollout.k8s.argorollouts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver against the fake server's own Argo Rollouts controller. */
class ArgoRolloutsDriverFlowTest {
    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer server = FakeKubeApiServer.start(clock);
    private final ArgoRolloutsDriver driver =
            new ArgoRolloutsDriver(KubernetesConnection.of("c", server.apiClient()));

    ArgoRolloutsDriverFlowTest() {
        server.argoRollouts().enable();
        server.create("argoproj.io/v1alpha1", "rollouts", "shop", """
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
                   "strategy":{"canary":{"steps":[{"setWeight":20},{"pause":{}},{"setWeight":60},
                     {"pause":{}}]}},
                   "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
                     {"name":"web","image":"registry.example/web:1"}]}}}}
                """);
        server.tick(5);
    }

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void anImageIsPromotedThroughEveryPauseToCompletion() {
        assertThat(driver.status("shop", "web").completed()).isTrue();

        driver.setImage("shop", "web", "web", "registry.example/web:2");
        List<Integer> pausedAt = new ArrayList<>();
        for (int i = 0; i < 30 && !driver.status("shop", "web").completed(); i++) {
            server.tick();
            ArgoRolloutStatus status = driver.status("shop", "web");
            if (status.paused() && status.currentStepIndex().isPresent()) {
                pausedAt.add(status.currentStepIndex().get());
                driver.promote("shop", "web", false);
            }
        }

        assertThat(driver.status("shop", "web").completed()).isTrue();
        assertThat(pausedAt).containsExactly(1, 3);
    }

    @Test
    void anAbortIsReportedAsFailed() {
        driver.setImage("shop", "web", "web", "registry.example/web:3");
        server.tick(3);

        driver.abort("shop", "web");
        server.tick(3);

        ArgoRolloutStatus status = driver.status("shop", "web");
        assertThat(status.failed()).isTrue();
        assertThat(status.completed()).isFalse();
    }
}
