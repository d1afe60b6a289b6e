package dev.rollout.core.revision;

import dev.rollout.api.spi.RevisionSource;
import dev.rollout.testkit.RevisionSourceCompatibilityKit;

/** A fixed list of revisions passes the revision source kit (it keeps no history). */
class StaticRevisionSourceCompatibilityTest extends RevisionSourceCompatibilityKit {
    private final StaticRevisionSource source = StaticRevisionSource.ofIds("v4", "v3", "v2", "v1");

    @Override
    protected RevisionSource source() {
        return source;
    }
}
