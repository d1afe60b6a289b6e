package dev.rollout.core.conductor.values;

import java.util.Objects;

/**
 * Where a merged value was written: the values file and the 1-based line of its key (for the
 * value of an alias, the line of the key holding the alias; for a value merged in with
 * {@code <<}, the line where the anchored map wrote it).
 *
 * @param file the values file's name as it was read
 * @param line the 1-based line
 */
public record Provenance(String file, int line) {
    public Provenance {
        Objects.requireNonNull(file, "file");
    }

    /** {@code file:line}. */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
