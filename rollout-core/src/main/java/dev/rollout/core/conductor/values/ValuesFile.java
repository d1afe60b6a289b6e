package dev.rollout.core.conductor.values;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One parsed values file: a layer for {@link HelmValues#merge}. Nulls are kept, since a null in a
 * later layer deletes the key from the earlier ones. Immutable and thread-safe.
 */
public final class ValuesFile {
    private final String name;
    private final Map<String, Located> root;

    ValuesFile(String name, Map<String, Located> root) {
        this.name = Objects.requireNonNull(name, "name");
        this.root = Collections.unmodifiableMap(new LinkedHashMap<>(root));
    }

    /** The file's name as it was read (the path as given, or the name passed to parse). */
    public String name() {
        return name;
    }

    /** Whether the file sets nothing (it was empty, comments only, or {@code {}}). */
    public boolean isEmpty() {
        return root.isEmpty();
    }

    /** The file's top-level keys and values as plain Java values, nulls left out. */
    public Map<String, Object> asMap() {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) new Located(root, "", null).plain();
        return plain;
    }

    Map<String, Located> root() {
        return root;
    }

    @Override
    public String toString() {
        return "ValuesFile[" + name + ", " + root.size() + " top-level keys]";
    }
}
