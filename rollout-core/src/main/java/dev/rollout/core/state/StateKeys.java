package dev.rollout.core.state;

import dev.rollout.api.ConflictException;
import java.util.Objects;

/** Argument checks and errors the state stores share. */
final class StateKeys {
    private StateKeys() {
    }

    static void requireKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    static void requireDocument(String document) {
        Objects.requireNonNull(document, "document");
    }

    static void requireVersion(long expectedVersion) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative, was "
                    + expectedVersion);
        }
    }

    static ConflictException conflict(String key, long expectedVersion, long currentVersion) {
        String found = currentVersion == 0 ? "it does not exist" : "it is at version " + currentVersion;
        return new ConflictException("state of '" + key + "' changed concurrently: expected version "
                + expectedVersion + " but " + found);
    }
}
