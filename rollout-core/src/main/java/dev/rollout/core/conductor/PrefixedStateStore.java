package dev.rollout.core.conductor;

import dev.rollout.api.spi.StateStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A view of a state store in which every key carries a prefix, so each cluster's engine keeps its
 * rollouts apart from the other clusters' and from the version store's documents.
 */
final class PrefixedStateStore implements StateStore {
    private final StateStore store;
    private final String prefix;

    PrefixedStateStore(StateStore store, String prefix) {
        this.store = Objects.requireNonNull(store, "store");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    @Override
    public Optional<Stored> get(String key) {
        return store.get(prefix + key).map(this::strip);
    }

    @Override
    public List<Stored> list() {
        return store.list().stream().filter(s -> s.key().startsWith(prefix)).map(this::strip)
                .toList();
    }

    @Override
    public long put(String key, String document, long expectedVersion) {
        return store.put(prefix + key, document, expectedVersion);
    }

    @Override
    public void delete(String key, long expectedVersion) {
        store.delete(prefix + key, expectedVersion);
    }

    private Stored strip(Stored stored) {
        return new Stored(stored.key().substring(prefix.length()), stored.document(),
                stored.version());
    }

    @Override
    public String toString() {
        return store + " under " + prefix;
    }
}
