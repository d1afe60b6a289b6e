package dev.rollout.core.crash;

import dev.rollout.api.spi.StateStore;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;

/** Opens the crash suite's file state store in a run's directory. */
public final class FileStores {
    private FileStores() {
    }

    /** The file store under {@code dir/state}. */
    public static StateStore open(Path dir) {
        return new FileStateStore(dir.resolve("state"));
    }
}
