package dev.rollout.git;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.RevisionSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commits of one Git branch as revisions, read with JGit (no {@code git} binary needed).
 * Thread-safe; {@link #close()} releases the repository's files.
 *
 * <p>The revisions are the branch's <em>first-parent</em> history: a feature branch merged with a
 * merge commit is one release (the merge), and commits reached only through a second parent are
 * not candidates. A revision's id is the full 40-character commit SHA; its attributes are
 * {@code shortSha} (7 characters), {@code subject}, {@code author} (the name), {@code commitTime}
 * (ISO-8601 in UTC, the committer's time) and {@code branch}. The release order is the position
 * on that line: a later commit is newer, whatever its date says.
 *
 * <p>The branch is re-read on every call, so a new commit (or a reset) is seen without reopening;
 * the first-parent line is cached by its tip SHA and only the new commits are read when it moves.
 */
public final class GitRevisionSource implements RevisionSource, AutoCloseable {
    /** How many revisions {@link #candidates()} returns unless the builder says otherwise. */
    public static final int DEFAULT_CANDIDATE_LIMIT = 100;
    /** How many commits {@link #commitsBetween(Revision, Revision)} lists when {@code from} is null. */
    public static final int COMMITS_SINCE_BEGINNING = 50;
    /** The shortest SHA prefix {@link #resolve(String)} accepts, as in {@code StaticRevisionSource}. */
    public static final int MIN_PREFIX = 4;

    private static final Logger LOG = LoggerFactory.getLogger(GitRevisionSource.class);

    private final Repository repository;
    private final String branch;
    private final String refName;
    private final int candidateLimit;
    private final RefResolver resolver;
    private final Object readLock = new Object();
    private volatile FirstParentHistory history;

    private GitRevisionSource(Repository repository, String branch, String refName, int candidateLimit) {
        this.repository = repository;
        this.branch = branch;
        this.refName = refName;
        this.candidateLimit = candidateLimit;
        this.resolver = new RefResolver(repository, branch);
    }

    /**
     * Opens {@code branch} of the repository at or above {@code repository} (a work tree, a
     * directory inside one, or a bare repository), with the default candidate limit.
     *
     * @throws RolloutException naming the path when it is not in a Git repository, or naming the
     *     branch and the known ones when it does not exist
     */
    public static GitRevisionSource open(Path repository, String branch) {
        return builder(repository, branch).open();
    }

    /** A builder for a source over {@code branch} of the repository at or above {@code repository}. */
    public static Builder builder(Path repository, String branch) {
        return new Builder(repository, branch);
    }

    /** Options for {@link GitRevisionSource}; not thread-safe, {@link #open()} copies them. */
    public static final class Builder {
        private final Path path;
        private final String branch;
        private int candidateLimit = DEFAULT_CANDIDATE_LIMIT;

        private Builder(Path path, String branch) {
            this.path = Objects.requireNonNull(path, "repository");
            this.branch = Objects.requireNonNull(branch, "branch");
            if (branch.isBlank()) {
                throw new IllegalArgumentException("branch must not be blank");
            }
        }

        /**
         * The most revisions {@code candidates()} returns (default
         * {@value GitRevisionSource#DEFAULT_CANDIDATE_LIMIT}).
         */
        public Builder candidateLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("candidateLimit must be at least 1, got " + limit);
            }
            this.candidateLimit = limit;
            return this;
        }

        /**
         * Opens the repository and checks the branch exists.
         *
         * @throws RolloutException naming the path or the branch, as {@link GitRevisionSource#open} does
         */
        public GitRevisionSource open() {
            Repository repository = openRepository(path);
            try {
                String refName = new RefResolver(repository, branch).branchRefName();
                GitRevisionSource source = new GitRevisionSource(repository, branch, refName, candidateLimit);
                LOG.debug("opened {} (ref {})", source, refName);
                return source;
            } catch (RuntimeException e) {
                repository.close();
                throw e;
            }
        }
    }

    private static Repository openRepository(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            throw new RolloutException("'" + absolute + "' does not exist, so it is not a Git repository");
        }
        // Not readEnvironment(): GIT_DIR of the host process must not redirect a configured path.
        FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true)
                .findGitDir(absolute.toFile());
        if (builder.getGitDir() == null) {
            throw new RolloutException("'" + absolute + "' is not a Git repository: no .git in it"
                    + " or any directory above it, and it is not a bare repository");
        }
        try {
            return builder.build();
        } catch (IOException | RuntimeException e) {
            throw new RolloutException("cannot open the Git repository at '" + builder.getGitDir()
                    + "' (found from '" + absolute + "'): " + e.getMessage(), e);
        }
    }

    /** The branch this source follows, as given to {@link #open(Path, String)}. */
    public String branch() {
        return branch;
    }

    /** The repository's Git directory ({@code .git} of a work tree, or the bare repository). */
    public Path gitDirectory() {
        return repository.getDirectory().toPath();
    }

    /**
     * The newest first-parent commits of the branch, newest first, at most the builder's
     * {@code candidateLimit} (default {@value #DEFAULT_CANDIDATE_LIMIT}); older commits still
     * {@linkplain #resolve(String) resolve} and take part in the release order.
     */
    @Override
    public List<Revision> candidates() {
        FirstParentHistory line = current();
        int newest = line.size() - 1;
        int oldest = Math.max(-1, newest - candidateLimit);
        return line.newestFirst(oldest, newest).stream().map(entry -> entry.toRevision(branch)).toList();
    }

    /**
     * Resolves a full SHA, {@code HEAD}, the branch's name (its tip), a tag or another ref, or a
     * SHA prefix of at least {@value #MIN_PREFIX} characters that exactly one commit on
     * the branch's first-parent line starts with. Refs win over SHA prefixes, as in Git.
     *
     * @throws RolloutException naming the reference when it resolves to nothing, to several
     *     commits, or to a commit that is not on the first-parent history of the branch
     */
    @Override
    public Revision resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        if (reference.isBlank()) {
            throw new IllegalArgumentException("reference must not be blank");
        }
        FirstParentHistory line = current();
        ObjectId id = resolver.resolve(reference, line);
        OptionalInt depth = line.depth(id);
        if (depth.isEmpty()) {
            throw new RolloutException("commit " + id.name() + " ('" + reference
                    + "') is not on the first-parent history of " + branch
                    + "; a commit merged from another branch is deployed as its merge commit"
                    + line.shallowNote(branch));
        }
        return line.at(depth.getAsInt()).toRevision(branch);
    }

    /**
     * Orders by position on the branch's first-parent line: a later commit is newer.
     * The comparator reads the branch again on each comparison (cheaply, see the class Javadoc).
     *
     * @throws RolloutException from the comparator for a revision not on that line
     */
    @Override
    public Comparator<Revision> releaseOrder() {
        return (a, b) -> {
            FirstParentHistory line = current();
            return Integer.compare(depthOf(line, a), depthOf(line, b));
        };
    }

    /**
     * The first-parent commits after {@code from} up to and including {@code to}, newest first;
     * empty when {@code to} is not newer than {@code from}. A null {@code from} means "since the
     * beginning": the newest {@value #COMMITS_SINCE_BEGINNING} commits up to {@code to}.
     *
     * @throws RolloutException when {@code from} or {@code to} is not on the first-parent line
     */
    @Override
    public List<Commit> commitsBetween(Revision from, Revision to) {
        Objects.requireNonNull(to, "to");
        FirstParentHistory line = current();
        int toDepth = depthOf(line, to);
        int fromDepth = from == null
                ? Math.max(-1, toDepth - COMMITS_SINCE_BEGINNING)
                : depthOf(line, from);
        if (toDepth <= fromDepth) {
            return List.of();
        }
        return line.newestFirst(fromDepth, toDepth).stream().map(FirstParentHistory.Entry::toCommit).toList();
    }

    private int depthOf(FirstParentHistory line, Revision revision) {
        Objects.requireNonNull(revision, "revision");
        OptionalInt depth = ObjectId.isId(revision.id())
                ? line.depth(ObjectId.fromString(revision.id()))
                : OptionalInt.empty();
        if (depth.isEmpty()) {
            throw new RolloutException("revision '" + revision.id() + "' is not on the first-parent"
                    + " history of " + branch + " in " + gitDirectory() + ", so its release order is unknown"
                    + line.shallowNote(branch));
        }
        return depth.getAsInt();
    }

    /** The first-parent line at the branch's current tip, read again only when the tip moved. */
    private FirstParentHistory current() {
        ObjectId tip = resolver.branchTip(refName);
        FirstParentHistory cached = history;
        if (cached != null && cached.tip().equals(tip)) {
            return cached;
        }
        synchronized (readLock) {
            cached = history;
            if (cached != null && cached.tip().equals(tip)) {
                return cached;
            }
            try {
                FirstParentHistory read = FirstParentHistory.read(repository, tip, cached);
                LOG.debug("{}: {} first-parent commits up to {}", this, read.size(), tip.name());
                history = read;
                return read;
            } catch (IOException e) {
                throw new RolloutException("cannot read the history of " + branch + " in "
                        + gitDirectory() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Releases the repository's open files; the source must not be used afterwards. */
    @Override
    public void close() {
        repository.close();
    }

    @Override
    public String toString() {
        // The Git directory and branch only: remote URLs may carry credentials.
        return "GitRevisionSource[" + gitDirectory() + ", branch " + branch + "]";
    }
}
