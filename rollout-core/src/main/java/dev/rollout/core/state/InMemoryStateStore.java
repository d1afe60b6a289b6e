package dev.rollout.core.state;

import dev.rollout.api.spi.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A state store that lives as long as the process: for tests, the simulator and the demo. Thread-safe. */
public final class InMemoryStateStore implements StateStore {
    private final Map<String, Stored> documents = new TreeMap<>();

    @Override
    public synchronized Optional<Stored> get(String key) {
        StateKeys.requireKey(key);
        return Optional.ofNullable(documents.get(key));
    }

    /** Every stored document, ordered by key. */
    @Override
    public synchronized List<Stored> list() {
        return List.copyOf(documents.values());
    }

    @Override
    public synchronized long put(String key, String document, long expectedVersion) {
        StateKeys.requireKey(key);
        StateKeys.requireDocument(document);
        StateKeys.requireVersion(expectedVersion);
        long current = version(key);
        if (current != expectedVersion) {
            throw StateKeys.conflict(key, expectedVersion, current);
        }
        long next = current + 1;
        documents.put(key, new Stored(key, document, next));
        return next;
    }

    @Override
    public synchronized void delete(String key, long expectedVersion) {
        StateKeys.requireKey(key);
        StateKeys.requireVersion(expectedVersion);
        long current = version(key);
        if (current == 0) {
            return;
        }
        if (current != expectedVersion) {
            throw StateKeys.conflict(key, expectedVersion, current);
        }
        documents.remove(key);
    }

    private long version(String key) {
        Stored stored = documents.get(key);
        return stored == null ? 0 : stored.version();
    }

    @Override
    public String toString() {
        return "InMemoryStateStore";
    }
}
