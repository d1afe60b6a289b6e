package dev.rollout.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Builds real repositories with JGit only (no git binary), with fixed authors and times so every
 * run produces the same SHAs.
 */
final class GitFixture implements AutoCloseable {
    static final Instant EPOCH = Instant.parse("2026-01-05T09:00:00Z");

    final Path dir;
    final Git git;
    private int counter;

    private GitFixture(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /** A new work tree in {@code dir} whose first branch is {@code main}. */
    static GitFixture init(Path dir) {
        try {
            return new GitFixture(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The committer/author time of the n-th commit made by this fixture. */
    static Instant timeOf(int n) {
        return EPOCH.plusSeconds(3600L * n);
    }

    static PersonIdent ident(String name, Instant when) {
        return new PersonIdent(name, name.toLowerCase().replace(' ', '.') + "@example.invalid", when, ZoneOffset.UTC);
    }

    /** Commits a new file on the checked-out branch, authored by Ada Lovelace at the next hour. */
    RevCommit commit(String message) {
        return commit(message, "Ada Lovelace", timeOf(counter + 1));
    }

    /** Commits a new file with the given author and time (also the committer's). */
    RevCommit commit(String message, String author, Instant when) {
        counter++;
        try {
            Path file = dir.resolve("changes/" + counter + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, message + "\n");
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message)
                    .setAuthor(ident(author, when)).setCommitter(ident(author, when)).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks out {@code branch}, creating it at {@code startPoint} when that is not null. */
    void checkout(String branch, RevCommit startPoint) {
        try {
            var checkout = git.checkout().setName(branch);
            if (startPoint != null) {
                checkout.setCreateBranch(true).setStartPoint(startPoint);
            }
            checkout.call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Merges {@code branch} into the checked-out branch with a merge commit, even when it could fast-forward. */
    RevCommit mergeNoFastForward(String branch, String message) {
        try {
            git.merge().include(git.getRepository().exactRef(Constants.R_HEADS + branch))
                    .setFastForward(MergeCommand.FastForwardMode.NO_FF).setCommit(false).call();
            counter++;
            PersonIdent ident = ident("Grace Hopper", timeOf(counter));
            return git.commit().setMessage(message).setAuthor(ident).setCommitter(ident).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    void tag(String name, RevCommit commit) {
        try {
            git.tag().setName(name).setObjectId(commit).setAnnotated(false).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    void annotatedTag(String name, RevCommit commit, String message) {
        try {
            git.tag().setName(name).setObjectId(commit).setAnnotated(true).setMessage(message)
                    .setTagger(ident("Release Bot", timeOf(counter))).call();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Appends {@code count} commits (same tree as the tip, distinct messages) to {@code branch}
     * straight through the object database: fast enough for hundreds of commits.
     */
    List<ObjectId> appendCommits(String branch, int count) {
        var repository = git.getRepository();
        List<ObjectId> added = new ArrayList<>();
        try (ObjectInserter inserter = repository.newObjectInserter(); RevWalk walk = new RevWalk(repository)) {
            ObjectId parent = repository.resolve(Constants.R_HEADS + branch);
            ObjectId tree = walk.parseCommit(parent).getTree();
            for (int i = 0; i < count; i++) {
                counter++;
                CommitBuilder builder = new CommitBuilder();
                builder.setTreeId(tree);
                builder.setParentId(parent);
                builder.setAuthor(ident("Ada Lovelace", timeOf(counter)));
                builder.setCommitter(ident("Ada Lovelace", timeOf(counter)));
                builder.setMessage("Bulk change " + counter + "\n");
                parent = inserter.insert(builder);
                added.add(parent);
            }
            inserter.flush();
            RefUpdate update = repository.updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(parent);
            update.setForceUpdate(true);
            update.update();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return added;
    }

    /** Points {@code branch} at {@code commit} (a reset, or a force-push seen from a clone). */
    void moveBranch(String branch, ObjectId commit) {
        try {
            RefUpdate update = git.getRepository().updateRef(Constants.R_HEADS + branch);
            update.setNewObjectId(commit);
            update.setForceUpdate(true);
            update.forceUpdate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bare clone of this repository in {@code target}, holding every branch and tag. */
    Path bareClone(Path target) {
        try {
            Git.cloneRepository().setURI(dir.toUri().toString()).setDirectory(target.toFile())
                    .setBare(true).setCloneAllBranches(true).call().close();
            return target;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
