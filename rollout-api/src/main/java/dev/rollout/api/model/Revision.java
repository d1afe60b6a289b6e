package dev.rollout.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable reference to what is deployed: an image digest, a Git commit, a chart version.
 *
 * @param id the revision's identity, stable across retries (for example {@code sha256:...} or a
 *     commit hash); used to name the canary's workload
 * @param attributes what a target needs to run it (for example {@code image}), immutable
 */
public record Revision(String id, Map<String, String> attributes) {
    public Revision {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A revision with no attributes. */
    public static Revision of(String id) {
        return new Revision(id, Map.of());
    }
}
