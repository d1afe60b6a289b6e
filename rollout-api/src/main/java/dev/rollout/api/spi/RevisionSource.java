package dev.rollout.api.spi;

import dev.rollout.api.model.Revision;
import java.util.List;

/**
 * Where new revisions come from (a registry, a Git repository, a CI build). Resolves a mutable
 * reference (a tag, a branch) to an immutable {@link Revision} before it is deployed.
 */
public interface RevisionSource {

    /** Candidate revisions, newest first; never null, possibly empty. */
    List<Revision> candidates();

    /** Resolves a reference (tag, branch, short hash) to an immutable revision. */
    Revision resolve(String reference);
}
