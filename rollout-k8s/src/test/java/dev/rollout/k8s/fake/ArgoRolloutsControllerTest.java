package dev.rollout.k8s.fake;

import static dev.rollout.k8s.fake.CustomResources.at;
import static dev.rollout.k8s.fake.CustomResources.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.rollout.api.MockClock;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArgoRolloutsControllerTest {
    private final MockClock clock = new MockClock();
    private FakeKubeApiServer server;
    private CustomResources rollouts;
    private String stableHash;

    @BeforeEach
    void start() throws ApiException {
        server = FakeKubeApiServer.start(clock);
        server.argoRollouts().enable();
        rollouts = new CustomResources(server.apiClient(), "argoproj.io", "v1alpha1", "rollouts");
        rollouts.create("""
                {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"web","namespace":"team"},
                 "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
                         "template":{"metadata":{"labels":{"app":"web"}},
                                     "spec":{"containers":[{"name":"app","image":"app:v1"}]}},
                         "strategy":{"canary":{"trafficRouting":{"smi":{}},"steps":[
                             {"setWeight":20},{"pause":{}},{"setWeight":50},{"pause":{"duration":"30s"}}]}}}}""");
        server.tick();
        stableHash = text(rollout(), "status.stableRS");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonObject rollout() throws ApiException {
        return rollouts.get("team", "web");
    }

    private void setImage(String image) throws ApiException {
        rollouts.patch("team", "web", V1Patch.PATCH_FORMAT_JSON_PATCH,
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"" + image + "\"}]");
    }

    private int canaryWeight() throws ApiException {
        return at(rollout(), "status.canary.weights.canary.weight").getAsInt();
    }

    @Test
    void firstRevisionIsStableAtOnce() throws ApiException {
        JsonObject r = rollout();
        assertThat(text(r, "status.phase")).isEqualTo("Healthy");
        assertThat(text(r, "status.currentPodHash")).isEqualTo(stableHash);
        assertThat(at(r, "status.currentStepIndex").getAsInt()).isEqualTo(4);
        assertThat(text(r, "status.observedGeneration")).isEqualTo("1");
    }

    @Test
    void canaryWalksStepsPausesUntilPromotedAndBecomesStable() throws ApiException {
        setImage("app:v2");
        server.tick();
        JsonObject first = rollout();
        assertThat(text(first, "status.phase")).isEqualTo("Progressing");
        assertThat(text(first, "status.currentPodHash")).isNotEqualTo(stableHash);
        assertThat(at(first, "status.currentStepIndex").getAsInt()).isEqualTo(1);
        assertThat(canaryWeight()).isEqualTo(20);
        assertThat(at(first, "status.updatedReplicas").getAsInt()).isEqualTo(1);

        server.tick(3);
        JsonObject paused = rollout();
        assertThat(text(paused, "status.phase")).isEqualTo("Paused");
        assertThat(text(paused, "status.message")).isEqualTo("CanaryPauseStep");
        assertThat(text(paused, "status.pauseConditions.0.reason")).isEqualTo("CanaryPauseStep");
        assertThat(at(paused, "status.controllerPause").getAsBoolean()).isTrue();
        assertThat(at(paused, "status.currentStepIndex").getAsInt()).isEqualTo(1);

        rollouts.patchStatus("team", "web", "{\"status\":{\"pauseConditions\":null}}");
        server.tick(2);
        assertThat(at(rollout(), "status.currentStepIndex").getAsInt()).isEqualTo(3);
        assertThat(canaryWeight()).isEqualTo(50);

        server.tick(2);
        assertThat(text(rollout(), "status.phase")).as("timed pause holds on the server clock").isEqualTo("Paused");
        clock.add(Duration.ofSeconds(30));
        server.tick(2);

        JsonObject done = rollout();
        assertThat(text(done, "status.phase")).isEqualTo("Healthy");
        assertThat(text(done, "status.stableRS")).isEqualTo(text(done, "status.currentPodHash"));
        assertThat(at(done, "status.currentStepIndex").getAsInt()).isEqualTo(4);
        assertThat(canaryWeight()).isZero();
        assertThat(at(done, "status.canary.weights.stable.weight").getAsInt()).isEqualTo(100);
    }

    @Test
    void abortSendsWeightToZeroAndRetryStartsOver() throws ApiException {
        setImage("app:v2");
        server.tick(2);

        rollouts.patchStatus("team", "web", "{\"status\":{\"abort\":true}}");
        server.tick();

        JsonObject aborted = rollout();
        assertThat(text(aborted, "status.phase")).isEqualTo("Degraded");
        assertThat(text(aborted, "status.message")).isEqualTo("RolloutAborted: Rollout aborted update to revision 2");
        assertThat(text(aborted, "status.abortedAt")).isNotNull();
        assertThat(at(aborted, "status.currentStepIndex").getAsInt()).isZero();
        assertThat(text(aborted, "status.stableRS")).isEqualTo(stableHash);
        assertThat(canaryWeight()).isZero();

        rollouts.patchStatus("team", "web", "{\"status\":{\"abort\":false}}");
        server.tick();
        assertThat(text(rollout(), "status.phase")).isEqualTo("Progressing");
        assertThat(canaryWeight()).isEqualTo(20);
        server.tick();
        assertThat(text(rollout(), "status.phase")).as("the retry pauses again at the pause step").isEqualTo("Paused");
    }

    @Test
    void promoteFullSkipsRemainingSteps() throws ApiException {
        setImage("app:v2");
        server.tick(2);

        rollouts.patchStatus("team", "web", "{\"status\":{\"promoteFull\":true}}");
        server.tick();

        JsonObject r = rollout();
        assertThat(text(r, "status.phase")).isEqualTo("Healthy");
        assertThat(text(r, "status.stableRS")).isEqualTo(text(r, "status.currentPodHash")).isNotEqualTo(stableHash);
        assertThat(at(r, "status.promoteFull")).isNull();
    }

    @Test
    void specPausedPausesManually() throws ApiException {
        setImage("app:v2");
        rollouts.patch("team", "web", V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, "{\"spec\":{\"paused\":true}}");
        server.tick(3);

        assertThat(text(rollout(), "status.phase")).isEqualTo("Paused");
        assertThat(text(rollout(), "status.message")).isEqualTo("manually paused");
    }

    @Test
    void promoteThatSetsTheStepIndexStillPausesAtTheNextPauseStep() throws ApiException {
        setImage("app:v2");
        server.tick(2);
        assertThat(text(rollout(), "status.phase")).isEqualTo("Paused");

        rollouts.patchStatus("team", "web",
                "{\"status\":{\"pauseConditions\":null,\"controllerPause\":false,\"currentStepIndex\":2}}");
        server.tick(2);

        JsonObject r = rollout();
        assertThat(at(r, "status.currentStepIndex").getAsInt()).isEqualTo(3);
        assertThat(text(r, "status.phase")).isEqualTo("Paused");
        assertThat(canaryWeight()).isEqualTo(50);

        rollouts.patchStatus("team", "web", "{\"status\":{\"controllerPause\":false}}");
        server.tick();
        assertThat(text(rollout(), "status.phase")).as("controllerPause alone does not unpause").isEqualTo("Paused");
    }
}
