package dev.rollout.core.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One object loaded from a YAML document, with where it came from.
 *
 * @param apiVersion the document's {@code apiVersion}
 * @param kind the document's {@code kind}
 * @param name the document's {@code metadata.name}
 * @param namespace the document's {@code metadata.namespace}, empty when not written
 * @param value what the document's parser made of it
 * @param file the file name as the user gave it
 * @param line the 1-based line where the document starts
 * @param <T> the value's type
 */
public record LoadedObject<T>(String apiVersion, String kind, String name,
        Optional<String> namespace, T value, String file, int line) {
    public LoadedObject {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line}, for messages. */
    public String source() {
        return file + ":" + line;
    }
}
