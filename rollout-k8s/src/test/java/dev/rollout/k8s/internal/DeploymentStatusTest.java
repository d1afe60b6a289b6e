package dev.rollout.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.rollout.api.cluster.RevisionState;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeploymentStatusTest {

    private static DeploymentStatus status(long generation, String status) {
        JsonObject d = JsonParser.parseString("""
                {"metadata":{"generation":%d},"spec":{"replicas":4},"status":%s}
                """.formatted(generation, status)).getAsJsonObject();
        return DeploymentStatus.of(d);
    }

    @Test
    void completeOnlyWhenEveryKubectlConditionHolds() {
        assertThat(status(2, """
                {"observedGeneration":2,"replicas":4,"updatedReplicas":4,"availableReplicas":4}
                """).rolloutComplete()).isTrue();
        assertThat(status(3, """
                {"observedGeneration":2,"replicas":4,"updatedReplicas":4,"availableReplicas":4}
                """).rolloutComplete()).as("generation not observed").isFalse();
        assertThat(status(2, """
                {"observedGeneration":2,"replicas":4,"updatedReplicas":3,"availableReplicas":4}
                """).rolloutComplete()).as("updated < desired").isFalse();
        assertThat(status(2, """
                {"observedGeneration":2,"replicas":5,"updatedReplicas":4,"availableReplicas":5}
                """).rolloutComplete()).as("old replicas pending termination").isFalse();
        assertThat(status(2, """
                {"observedGeneration":2,"replicas":4,"updatedReplicas":4,"availableReplicas":3}
                """).rolloutComplete()).as("available < updated").isFalse();
    }

    @Test
    void aMissedProgressDeadlineIsAFailureWithItsMessage() {
        DeploymentStatus s = status(2, """
                {"observedGeneration":2,"replicas":4,"updatedReplicas":4,"availableReplicas":1,
                 "conditions":[{"type":"Available","status":"False"},
                   {"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
                    "message":"ReplicaSet \\"web-5d9\\" has timed out progressing."}]}
                """);

        assertThat(s.failure()).contains(
                "ProgressDeadlineExceeded: ReplicaSet \"web-5d9\" has timed out progressing.");
        assertThat(s.rolloutComplete()).isFalse();
        assertThat(s.toRevisionState("v2", Optional.empty()).fullyAvailable()).isFalse();
    }

    @Test
    void oldPodsAreCountedAsTheAvailableOnesFirst() {
        RevisionState state = status(2, """
                {"observedGeneration":2,"replicas":6,"updatedReplicas":4,"readyReplicas":5,
                 "availableReplicas":5}
                """).toRevisionState("v2", Optional.empty());

        assertThat(state.updated()).isEqualTo(4);
        assertThat(state.available()).isEqualTo(3);
        assertThat(state.ready()).isEqualTo(3);
        assertThat(state.fullyAvailable()).isFalse();
    }

    @Test
    void aStatusTheControllerHasNotCaughtUpWithCountsNothingAsUpdated() {
        RevisionState state = status(5, """
                {"observedGeneration":4,"replicas":4,"updatedReplicas":4,"availableReplicas":4}
                """).toRevisionState("v2", Optional.empty());

        assertThat(state.updated()).isZero();
        assertThat(state.available()).isEqualTo(4);
        assertThat(state.fullyAvailable()).isFalse();
    }
}
