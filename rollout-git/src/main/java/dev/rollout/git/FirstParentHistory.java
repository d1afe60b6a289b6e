package dev.rollout.git;

import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * One immutable snapshot of a branch's first-parent line, read up to a given tip. A commit's
 * <em>depth</em> is its number of first-parent ancestors (the root has depth 0), which stays the
 * same while the branch only grows, so it is the release order. Thread-safe.
 */
final class FirstParentHistory {
    /** Length of the {@code shortSha} attribute and of {@link Commit#shortId()}. */
    static final int SHORT_SHA = 7;

    /** What a revision needs of a commit; the rest of the commit object is not kept in memory. */
    record Entry(ObjectId id, String subject, String author, Instant commitTime) {
        Revision toRevision(String branch) {
            return new Revision(id.name(), Map.of(
                    "shortSha", shortSha(),
                    "subject", subject,
                    "author", author,
                    "commitTime", commitTime.toString(),
                    "branch", branch));
        }

        Commit toCommit() {
            return new Commit(id.name(), shortSha(), subject, author);
        }

        String shortSha() {
            return id.abbreviate(SHORT_SHA).name();
        }
    }

    private final ObjectId tip;
    private final List<Entry> oldestFirst;
    private final Map<ObjectId, Integer> depths;
    private final boolean shallow;

    private FirstParentHistory(ObjectId tip, List<Entry> oldestFirst, boolean shallow) {
        this.tip = tip;
        this.shallow = shallow;
        this.oldestFirst = Collections.unmodifiableList(oldestFirst);
        Map<ObjectId, Integer> byId = new HashMap<>(oldestFirst.size() * 2);
        for (int depth = 0; depth < oldestFirst.size(); depth++) {
            byId.put(oldestFirst.get(depth).id(), depth);
        }
        this.depths = byId;
    }

    /**
     * Reads the first-parent line ending at {@code tip}. Where {@code previous} is given, only the
     * commits it does not hold are read: after a fast-forward that is just the new commits, and
     * after a reset or force-push the walk stops at the first commit the two lines share.
     */
    static FirstParentHistory read(Repository repository, ObjectId tip, FirstParentHistory previous)
            throws IOException {
        List<Entry> newestFirst = new ArrayList<>();
        int sharedDepth = -1;
        try (RevWalk walk = new RevWalk(repository)) {
            // With first-parent only, the walk holds one pending commit at a time, so it yields
            // the chain in order whatever the commit dates say (clock skew does not reorder it).
            walk.setFirstParent(true);
            walk.markStart(walk.parseCommit(tip));
            for (RevCommit commit : walk) {
                Integer known = previous == null ? null : previous.depths.get(commit);
                if (known != null) {
                    sharedDepth = known;
                    break;
                }
                newestFirst.add(new Entry(commit.copy(), commit.getShortMessage(),
                        commit.getAuthorIdent().getName(),
                        commit.getCommitterIdent().getWhenAsInstant()));
            }
        }
        List<Entry> oldestFirst = new ArrayList<>(sharedDepth + 1 + newestFirst.size());
        if (sharedDepth >= 0) {
            oldestFirst.addAll(previous.oldestFirst.subList(0, sharedDepth + 1));
        }
        Collections.reverse(newestFirst);
        oldestFirst.addAll(newestFirst);
        // A shallow clone (as CI checkouts often are) ends the line at its boundary: say so in
        // errors, since "not on the history" may then only mean "not fetched".
        boolean shallow = !oldestFirst.isEmpty()
                && repository.getObjectDatabase().getShallowCommits().contains(oldestFirst.get(0).id());
        return new FirstParentHistory(tip.copy(), oldestFirst, shallow);
    }

    /** The commit this snapshot was read up to. */
    ObjectId tip() {
        return tip;
    }

    /** Empty, or a note for errors saying the line is cut short by a shallow clone. */
    String shallowNote(String branch) {
        return shallow
                ? "; the history of " + branch + " in this clone is shallow, it starts at "
                        + oldestFirst.get(0).shortSha() + " (fetch more to reach older commits)"
                : "";
    }

    /** The number of commits on the line. */
    int size() {
        return oldestFirst.size();
    }

    /** The commit's depth, or empty when it is not on the line. */
    OptionalInt depth(ObjectId id) {
        Integer depth = depths.get(id);
        return depth == null ? OptionalInt.empty() : OptionalInt.of(depth);
    }

    /** The commit at {@code depth} (0 is the root). */
    Entry at(int depth) {
        return oldestFirst.get(depth);
    }

    /** The commits with depth in {@code (fromExclusive, toInclusive]}, newest first. */
    List<Entry> newestFirst(int fromExclusive, int toInclusive) {
        List<Entry> range = new ArrayList<>(oldestFirst.subList(fromExclusive + 1, toInclusive + 1));
        Collections.reverse(range);
        return range;
    }
}
