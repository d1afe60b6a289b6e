package dev.rollout.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Persists each rollout's state as an opaque document with compare-and-set, so a restarted
 * engine resumes where it stopped and two engines never overwrite each other: of concurrent
 * writers expecting the same version (in one process or in several, on the same data) exactly
 * one wins and the others get a {@link dev.rollout.api.ConflictException}. Keys and documents
 * round-trip exactly, whatever characters they hold. Thread-safe.
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
     * @throws dev.rollout.api.ConflictException naming the key if another writer changed it
     *     meanwhile (or it exists while 0 is expected); nothing is written then
     * @throws IllegalArgumentException naming the argument for an empty key or a negative
     *     {@code expectedVersion}
     * @throws NullPointerException naming {@code document} when it is null
     */
    long put(String key, String document, long expectedVersion);

    /**
     * Deletes a key if its version is still {@code expectedVersion}; a missing key is no error.
     *
     * @throws dev.rollout.api.ConflictException if the key exists with another version
     */
    void delete(String key, long expectedVersion);

    /** A stored document and its version (positive, increasing with every write). */
    record Stored(String key, String document, long version) {
        public Stored {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(document, "document");
        }
    }
}
