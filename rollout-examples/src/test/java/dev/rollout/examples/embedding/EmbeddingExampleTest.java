package dev.rollout.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example runs as written and leaves its state in the file store. */
class EmbeddingExampleTest {
    @TempDir
    Path dir;

    @Test
    void rollsOutTheFilesRolloutOnTheEmbeddedCluster() throws Exception {
        Path rollout = dir.resolve("rollout.yaml");
        Files.writeString(rollout, """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata:
                  name: checkout
                  namespace: shop
                spec:
                  replicas: 10
                  strategy:
                    canary:
                      steps:
                        - setWeight: 25
                        - pause: {duration: 10m}
                        - setWeight: 75
                """);
        Path state = dir.resolve("state");

        RolloutStatus status = EmbeddingExample.run(rollout, state);

        assertThat(status.phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(status.stableRevision()).isEqualTo("v2");
        assertThat(status.history()).hasSize(3);
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("shop"));
        }
    }
}
