package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.StepRecord;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stored document per phase, against the files under {@code state-golden/}: version 2 (this
 * engine's) round-trips byte for byte and is what the engine writes today; version 1 (captured
 * from the engine before schema versions) still decodes to the same stage, and resumes.
 */
class StateGoldenTest {
    private static final Map<String, Stage> STAGES = Map.of("canary-progressing", Stage.PROGRESSING,
            "canary-paused", Stage.PAUSED, "canary-degraded", Stage.ABORTED,
            "canary-healthy", Stage.COMPLETED, "bluegreen-paused", Stage.PAUSED);

    private final StateCodec codec = new StateCodec();

    static String golden(int version, String name) {
        String path = "/state-golden/v" + version + "/" + name + ".json";
        try (InputStream in = StateGoldenTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"canary-progressing", "canary-paused", "canary-degraded", "canary-healthy",
            "bluegreen-paused"})
    void aCurrentDocumentDecodesAndEncodesByteForByte(String name) {
        String doc = golden(StateCodec.SCHEMA_VERSION, name);
        RolloutState s = codec.decode(doc);
        assertThat(s.stage()).isEqualTo(STAGES.get(name));
        assertThat(codec.encode(s)).isEqualTo(doc);
    }

    @Test
    void theEngineWritesTheCurrentGoldenDocuments() {
        // A change to the encoder (or to what the engine stores) shows here: then the schema
        // version goes up, a migration is written and these files are captured again.
        GoldenScenarios.documents().forEach((name, doc) ->
                assertThat(doc).as(name).isEqualTo(golden(StateCodec.SCHEMA_VERSION, name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"canary-progressing", "canary-paused", "canary-degraded", "canary-healthy",
            "bluegreen-paused"})
    void aVersionOneDocumentDecodesToTheSameStateAsTheCurrentOne(String name) {
        String v1 = golden(1, name);
        assertThat(v1).contains("\"format\":1").doesNotContain("schemaVersion");
        RolloutState s = codec.decode(v1);
        assertThat(s.stage()).isEqualTo(STAGES.get(name));
        // Migrated, it is the document this engine writes for the same rollout.
        assertThat(codec.encode(s)).isEqualTo(golden(StateCodec.SCHEMA_VERSION, name));
    }

    @Test
    void aCanaryPausedMidwayInVersionOneResumesAndCompletes() {
        GoldenScenarios.World w = new GoldenScenarios.World(10);
        stopAtThePause(w);
        replaceStored(w, golden(1, "canary-paused"));

        VirtualScheduler second = new VirtualScheduler(w.clock);
        try (RolloutEngine after = w.engine(second)) {
            List<RolloutHandle> resumed = after.resumeAll();
            assertThat(resumed).extracting(RolloutHandle::id).containsExactly("default/app");
            assertThat(resumed.get(0).status().phase()).isEqualTo(RolloutPhase.Paused);
            assertThat(resumed.get(0).status().currentStepIndex()).isEqualTo(1);
            second.runUntilIdle(Duration.ofDays(1));

            RolloutHandle h = after.rollout("default/app").orElseThrow();
            assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(h.status().stableRevision()).isEqualTo("v2");
            assertThat(h.status().history()).extracting(StepRecord::step).containsExactly(0, 1, 2, 3);
            assertThat(w.cluster.observe(GoldenScenarios.APP).stableRevision()).contains("v2");
            // Stored again in the current schema.
            assertThat(w.document()).contains("\"schemaVersion\":" + StateCodec.SCHEMA_VERSION)
                    .contains("\"lifecycle\":\"COMPLETED\"");
        }
    }

    @Test
    void aBlueGreenPausedInVersionOneResumesAndIsPromoted() {
        GoldenScenarios.World w = new GoldenScenarios.World(4);
        VirtualScheduler first = new VirtualScheduler(w.clock);
        try (RolloutEngine before = w.engine(first)) {
            before.start(GoldenScenarios.blueGreen(), "local", dev.rollout.api.model.Revision.of("v2"));
            first.advance(Duration.ofMinutes(1));
        }
        replaceStored(w, golden(1, "bluegreen-paused"));

        VirtualScheduler second = new VirtualScheduler(w.clock);
        try (RolloutEngine after = w.engine(second)) {
            RolloutHandle h = after.resumeAll().get(0);
            second.runUntilIdle(Duration.ofDays(1));
            assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
            h.promote();
            second.runUntilIdle(Duration.ofDays(1));
            assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(h.status().activeRevision()).contains("v2");
        }
    }

    private static void stopAtThePause(GoldenScenarios.World w) {
        VirtualScheduler first = new VirtualScheduler(w.clock);
        try (RolloutEngine before = w.engine(first)) {
            before.start(GoldenScenarios.canary(), "local", dev.rollout.api.model.Revision.of("v2"));
            first.advance(Duration.ofMinutes(2));
        }
    }

    /** The stored document becomes the golden one, as if an older engine had written it. */
    private static void replaceStored(GoldenScenarios.World w, String document) {
        long version = w.store.get("default/app").orElseThrow().version();
        w.store.put("default/app", document, version);
    }
}
