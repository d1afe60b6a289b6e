package dev.rollout.core.revision;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.RevisionSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A fixed list of revisions, newest first: for the simulator, the demo and tests. Immutable and
 * thread-safe.
 *
 * <p>{@link #resolve(String)} tries, in order: a revision whose id equals the reference; the
 * newest revision with an attribute equal to it (a tag or a branch, which may move: the newest
 * wins); a revision whose id starts with it (a short hash of at least
 * {@value #MIN_PREFIX} characters), if only one does.
 */
public final class StaticRevisionSource implements RevisionSource {
    /** The shortest id prefix {@link #resolve(String)} accepts. */
    public static final int MIN_PREFIX = 4;
    private static final int LISTED_IN_ERRORS = 10;

    private final List<Revision> revisions;

    /**
     * A source over {@code newestFirst}.
     *
     * @throws IllegalArgumentException if two revisions share an id
     */
    public StaticRevisionSource(List<Revision> newestFirst) {
        Objects.requireNonNull(newestFirst, "newestFirst");
        this.revisions = List.copyOf(newestFirst);
        Set<String> ids = new HashSet<>();
        for (Revision revision : revisions) {
            if (!ids.add(revision.id())) {
                throw new IllegalArgumentException("newestFirst holds revision id '"
                        + revision.id() + "' twice");
            }
        }
    }

    /** A source over the given revisions, newest first. */
    public static StaticRevisionSource of(Revision... newestFirst) {
        return new StaticRevisionSource(Arrays.asList(newestFirst));
    }

    /** A source over revisions with the given ids and no attributes, newest first. */
    public static StaticRevisionSource ofIds(String... newestFirst) {
        return new StaticRevisionSource(Stream.of(newestFirst).map(Revision::of).toList());
    }

    @Override
    public List<Revision> candidates() {
        return revisions;
    }

    /**
     * Resolves an id, an attribute value (tag, branch) or a unique id prefix.
     *
     * @throws RolloutException naming the reference when nothing or more than one revision matches
     */
    @Override
    public Revision resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new IllegalArgumentException("reference must not be blank");
        }
        for (Revision revision : revisions) {
            if (revision.id().equals(reference)) {
                return revision;
            }
        }
        for (Revision revision : revisions) {
            if (revision.attributes().containsValue(reference)) {
                return revision;
            }
        }
        if (reference.length() >= MIN_PREFIX) {
            List<Revision> byPrefix = revisions.stream()
                    .filter(revision -> revision.id().startsWith(reference))
                    .toList();
            if (byPrefix.size() == 1) {
                return byPrefix.get(0);
            }
            if (byPrefix.size() > 1) {
                throw new RolloutException("revision reference '" + reference
                        + "' is ambiguous: it starts " + ids(byPrefix));
            }
        }
        throw new RolloutException("unknown revision reference '" + reference + "'; known: "
                + (revisions.isEmpty() ? "none" : ids(revisions)));
    }

    private static String ids(List<Revision> revisions) {
        String listed = revisions.stream().limit(LISTED_IN_ERRORS).map(Revision::id)
                .collect(Collectors.joining(", "));
        return revisions.size() > LISTED_IN_ERRORS
                ? listed + " and " + (revisions.size() - LISTED_IN_ERRORS) + " more"
                : listed;
    }

    /** Newer means earlier in the list given to the constructor (newest first). */
    @Override
    public java.util.Comparator<Revision> releaseOrder() {
        return RevisionSource.super.releaseOrder();
    }

    @Override
    public String toString() {
        return "StaticRevisionSource" + revisions.stream().map(Revision::id).toList();
    }
}
