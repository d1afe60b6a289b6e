package dev.rollout.core.yaml;

import java.util.Objects;

/**
 * One document of a YAML file (files may hold several, separated by {@code ---}).
 *
 * @param file the file name as the user gave it
 * @param index the 0-based position of the document in its file, counting only non-empty ones
 * @param root the document's root node
 */
public record YamlDocument(String file, int index, YamlNode root) {
    public YamlDocument {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(root, "root");
    }

    /** The 1-based line where the document's content starts. */
    public int line() {
        return root.line();
    }
}
