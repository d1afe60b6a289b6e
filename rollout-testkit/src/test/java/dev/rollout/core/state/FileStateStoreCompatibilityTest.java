package dev.rollout.core.state;

import dev.rollout.api.spi.StateStore;
import dev.rollout.testkit.StateStoreCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreCompatibilityTest extends StateStoreCompatibilityKit {
    @TempDir
    Path dir;
    private FileStateStore store;
    private FileStateStore other;

    @BeforeEach
    void open() {
        store = new FileStateStore(dir);
        other = new FileStateStore(dir);
    }

    @Override
    protected StateStore store() {
        return store;
    }

    @Override
    protected StateStore sameDataElsewhere() {
        return other;
    }
}
