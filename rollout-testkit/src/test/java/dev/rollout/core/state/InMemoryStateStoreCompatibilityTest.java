package dev.rollout.core.state;

import dev.rollout.api.spi.StateStore;
import dev.rollout.testkit.StateStoreCompatibilityKit;

class InMemoryStateStoreCompatibilityTest extends StateStoreCompatibilityKit {
    private final InMemoryStateStore store = new InMemoryStateStore();

    @Override
    protected StateStore store() {
        return store;
    }
}
