package dev.rollout.api.spi;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import java.util.Comparator;
import java.util.List;

/**
 * Where new revisions come from (a registry, a Git repository, a CI build). Resolves a mutable
 * reference (a tag, a branch) to an immutable {@link Revision} before it is deployed, and defines
 * the <em>release order</em>: which of two revisions is newer. The deployment conductor decides
 * by that order, never by the time a request arrived. Thread-safe.
 */
public interface RevisionSource {

    /**
     * Candidate revisions, newest first in the {@linkplain #releaseOrder() release order}, with
     * distinct ids, each resolving to itself by its id; never null, possibly empty.
     */
    List<Revision> candidates();

    /**
     * Resolves a reference (tag, branch, short hash) to an immutable revision.
     *
     * @throws RolloutException naming the reference when it resolves to nothing
     */
    Revision resolve(String reference);

    /**
     * The release order, a total order on the revisions this source resolves:
     * {@code compare(a, b) > 0} when {@code a} is newer than {@code b}. The default orders by
     * position in {@link #candidates()} (newest first) and throws {@link RolloutException} for a
     * revision that is not a candidate.
     */
    default Comparator<Revision> releaseOrder() {
        return (a, b) -> Integer.compare(position(b), position(a));
    }

    /**
     * The changes after {@code from} up to and including {@code to}, newest first (for Git, the
     * first-parent commits of the branch). Never null; empty when the source keeps no history,
     * when {@code from} equals {@code to}, or when {@code to} is not newer than {@code from}. For
     * {@code a} newer than {@code b} newer than {@code c}, {@code commitsBetween(c, a)} is
     * {@code commitsBetween(b, a)} followed by {@code commitsBetween(c, b)}.
     */
    default List<Commit> commitsBetween(Revision from, Revision to) {
        return List.of();
    }

    private int position(Revision revision) {
        List<Revision> candidates = candidates();
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).id().equals(revision.id())) {
                return i;
            }
        }
        throw new RolloutException("revision '" + revision.id() + "' is not known to " + this
                + ", so its release order is unknown");
    }
}
