package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutPhase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading what an engine stored, without an engine: the CLI's status and any such tool. */
class StoredRolloutTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aPausedCanaryOfEverySchemaVersionReadsAsTheEngineReportsIt(int version) {
        StoredRollout stored = StoredRollout.decode(golden(version, "canary-paused"));

        assertThat(stored.targetName()).isEqualTo("local");
        assertThat(stored.spec().strategy()).isInstanceOf(CanaryStrategy.class);
        assertThat(stored.status().rolloutId()).isEqualTo("default/app");
        assertThat(stored.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(stored.status().currentStepIndex()).isEqualTo(1);
        assertThat(stored.status().stepCount())
                .isEqualTo(((CanaryStrategy) stored.spec().strategy()).steps().size());
        assertThat(stored.status().canaryWeight()).isEqualTo(20);
        assertThat(stored.status().stableRevision()).isEqualTo("v1");
        assertThat(stored.status().updatedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:07Z"));
    }

    @Test
    void aDegradedCanaryIsAborted() {
        StoredRollout stored = StoredRollout.decode(golden(2, "canary-degraded"));
        assertThat(stored.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(stored.status().aborted()).isTrue();
    }

    @Test
    void aDocumentThatIsNotARolloutIsARolloutExceptionWithTheReason() {
        assertThatThrownBy(() -> StoredRollout.decode("[1, 2]"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> StoredRollout.decode("{\"kind\": \"something else\"}"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("neither a schemaVersion");
        assertThatThrownBy(() -> StoredRollout.decode("{\"schemaVersion\": 2}"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("lacks a field");
        assertThatThrownBy(() -> StoredRollout.decode("{"))
                .isInstanceOf(RolloutException.class).hasMessageContaining("not JSON");
    }

    private static String golden(int version, String name) {
        String path = "/state-golden/v" + version + "/" + name + ".json";
        try (InputStream in = StoredRolloutTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
