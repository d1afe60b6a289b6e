package dev.rollout.git;

import dev.rollout.api.spi.RevisionSource;
import dev.rollout.testkit.RevisionSourceCompatibilityKit;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch's first-parent history passes the revision source kit, with history: a repository with
 * a merged feature branch, a revert and commits dated out of order.
 */
class GitRevisionSourceCompatibilityTest extends RevisionSourceCompatibilityKit {
    @TempDir
    Path dir;
    private SampleHistory history;
    private GitRevisionSource source;

    @BeforeEach
    void open() {
        history = SampleHistory.create(dir);
        source = GitRevisionSource.open(dir, "main");
    }

    @AfterEach
    void close() {
        source.close();
        history.fixture().close();
    }

    @Override
    protected RevisionSource source() {
        return source;
    }

    @Override
    protected boolean keepsHistory() {
        return true;
    }
}
