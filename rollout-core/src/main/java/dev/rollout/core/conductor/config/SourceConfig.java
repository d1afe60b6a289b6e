package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code spec.source}: where a service's revisions come from, and so their release order. */
public sealed interface SourceConfig {

    /**
     * {@code source.git}: commits of a branch in first-parent order.
     *
     * @param repository the repository's directory, resolved against the config file's directory
     * @param branch the branch whose first-parent history is the release order
     */
    record Git(Path repository, String branch) implements SourceConfig {
        public Git {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(branch, "branch");
        }
    }

    /**
     * {@code source.oci}: image tags of a registry repository (HTTP API v2), ordered by semver.
     *
     * @param registry the registry's base URL, for example {@code https://registry.example.com}
     * @param repository the repository, for example {@code shop/checkout}
     * @param constraint a semver constraint tags must satisfy (for example {@code >=1.2.0 <2.0.0}),
     *     or empty for every semver tag
     * @param username the registry user name's secret, if the registry needs credentials
     * @param password the registry password's or token's secret
     */
    record Oci(String registry, String repository, Optional<String> constraint,
            Optional<SecretKeyRef> username, Optional<SecretKeyRef> password) implements SourceConfig {
        public Oci {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(constraint, "constraint");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * {@code source.static}: a fixed list of revisions.
     *
     * @param revisions revision ids in release order, oldest first
     */
    record Static(List<String> revisions) implements SourceConfig {
        public Static {
            revisions = List.copyOf(revisions);
        }
    }
}
