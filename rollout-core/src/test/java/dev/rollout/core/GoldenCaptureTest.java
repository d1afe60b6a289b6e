package dev.rollout.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the golden documents of {@link GoldenScenarios} as the engine encodes them now, to the
 * directory named by {@code -Dstate.golden.capture=<dir>}. Run by hand once per new schema
 * version (the version-1 files were written this way by the engine before versioning); never in
 * the normal build.
 */
class GoldenCaptureTest {
    @Test
    @EnabledIfSystemProperty(named = "state.golden.capture", matches = ".+")
    void writesTheGoldenDocuments() throws IOException {
        Path dir = Path.of(System.getProperty("state.golden.capture"));
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : GoldenScenarios.documents().entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".json"), e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
