package dev.rollout.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Persists each rollout's state as an opaque document with compare-and-set, so a restarted
 * engine resumes where it stopped and two engines never overwrite each other. Thread-safe.
 */
public interface StateStore {

    /** The stored document for a key, if any. */
    Optional<Stored> get(String key);

    /** Every stored document. */
    List<Stored> list();

    /**
     * Writes {@code document} if the stored version is still {@code expectedVersion} (0: the key
     * must not exist) and returns the new version.
     *
     * @throws dev.rollout.api.ConflictException if another writer changed the key meanwhile
     */
    long put(String key, String document, long expectedVersion);

    /** Deletes a key if its version is still {@code expectedVersion}; a missing key is no error. */
    void delete(String key, long expectedVersion);

    /** A stored document and its version (positive, increasing with every write). */
    record Stored(String key, String document, long version) {
        public Stored {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(document, "document");
        }
    }
}
