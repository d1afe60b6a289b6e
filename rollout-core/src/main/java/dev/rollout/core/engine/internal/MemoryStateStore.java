package dev.rollout.core.engine.internal;

import dev.rollout.api.ConflictException;
import dev.rollout.api.spi.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The engine's default store: documents in memory, lost when the JVM ends. Thread-safe. */
public final class MemoryStateStore implements StateStore {
    private final ConcurrentHashMap<String, Stored> docs = new ConcurrentHashMap<>();

    @Override
    public Optional<Stored> get(String key) {
        return Optional.ofNullable(docs.get(key));
    }

    @Override
    public List<Stored> list() {
        return new ArrayList<>(docs.values());
    }

    @Override
    public long put(String key, String document, long expectedVersion) {
        Stored next = docs.compute(key, (k, current) -> {
            long version = current == null ? 0 : current.version();
            if (version != expectedVersion) {
                throw new ConflictException("state of " + key + " is at version " + version
                        + ", expected " + expectedVersion);
            }
            return new Stored(key, document, version + 1);
        });
        return next.version();
    }

    @Override
    public void delete(String key, long expectedVersion) {
        docs.computeIfPresent(key, (k, current) -> {
            if (current.version() != expectedVersion) {
                throw new ConflictException("state of " + key + " is at version " + current.version()
                        + ", expected " + expectedVersion);
            }
            return null;
        });
    }
}
