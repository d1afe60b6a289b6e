package dev.rollout.git;

import dev.rollout.api.RolloutException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Turns the names people use (SHA, prefix, tag, branch, {@code HEAD}) into commit ids of one
 * repository. Stateless apart from the repository, so thread-safe like it.
 */
final class RefResolver {
    private static final int MIN_PREFIX = GitRevisionSource.MIN_PREFIX;
    private static final int LISTED_IN_ERRORS = 10;
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{1,40}");

    private final Repository repository;
    private final String branch;

    RefResolver(Repository repository, String branch) {
        this.repository = repository;
        this.branch = branch;
    }

    /**
     * The full ref name of the branch: a local branch, else a remote-tracking one ({@code
     * origin/main}, as a CI checkout often has), else a full ref name.
     *
     * @throws RolloutException naming the branch and the known ones when there is none
     */
    String branchRefName() {
        List<String> names = new ArrayList<>(List.of(Constants.R_HEADS + branch, Constants.R_REMOTES + branch));
        if (branch.startsWith(Constants.R_REFS)) {
            names.add(branch);
        }
        try {
            for (String name : names) {
                Ref ref = repository.exactRef(name);
                if (ref != null && ref.getObjectId() != null) {
                    return name;
                }
            }
        } catch (IOException e) {
            throw readFailure(e);
        }
        throw noBranch("does not exist");
    }

    /** The commit the branch points at now; read from disk on each call. */
    ObjectId branchTip(String refName) {
        try {
            Ref ref = repository.exactRef(refName);
            if (ref == null || ref.getObjectId() == null) {
                throw noBranch("no longer exists");
            }
            return ref.getObjectId();
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    /**
     * The commit {@code reference} names, which may or may not be on {@code line}; a SHA prefix
     * is looked up among the commits of {@code line} first, so a prefix shared with a blob or a
     * side-branch commit still resolves.
     */
    ObjectId resolve(String reference, FirstParentHistory line) {
        try {
            if (ObjectId.isId(reference)) {
                ObjectId id = ObjectId.fromString(reference);
                if (line.depth(id).isPresent() || isCommit(id)) {
                    return id;
                }
                throw unknown(reference, "no such commit" + line.shallowNote(branch));
            }
            if (reference.equals(branch)) {
                return line.tip();
            }
            Ref ref = reference.equals(Constants.HEAD)
                    ? repository.exactRef(Constants.HEAD)
                    : repository.getRefDatabase().firstExactRef(Constants.R_TAGS + reference);
            if (ref == null && !reference.equals(Constants.HEAD)) {
                ref = repository.findRef(reference);
            }
            if (ref != null) {
                if (ref.getObjectId() == null) {
                    throw unknown(reference, "it points at no commit yet");
                }
                return peelToCommit(reference, ref.getObjectId());
            }
            if (HEX.matcher(reference).matches()) {
                return byPrefix(reference, line);
            }
            throw unknown(reference, "not a commit SHA, tag or branch");
        } catch (IOException e) {
            throw readFailure(e);
        }
    }

    private ObjectId byPrefix(String prefix, FirstParentHistory line) throws IOException {
        if (prefix.length() < MIN_PREFIX) {
            throw unknown(prefix, "a SHA prefix needs at least " + MIN_PREFIX + " characters");
        }
        Collection<ObjectId> matches;
        try (ObjectReader reader = repository.newObjectReader()) {
            matches = reader.resolve(AbbreviatedObjectId.fromString(prefix));
        }
        List<ObjectId> onLine = matches.stream().filter(id -> line.depth(id).isPresent()).toList();
        if (onLine.size() == 1) {
            return onLine.get(0);
        }
        if (onLine.size() > 1) {
            throw new RolloutException("revision reference '" + prefix + "' is ambiguous on " + branch
                    + ": commits " + describe(onLine, line) + " all start with it");
        }
        List<ObjectId> commits = new ArrayList<>();
        for (ObjectId id : matches) {
            if (isCommit(id)) {
                commits.add(id);
            }
        }
        if (commits.size() == 1) {
            return commits.get(0);
        }
        throw unknown(prefix, commits.isEmpty()
                ? "no commit starts with it" + line.shallowNote(branch)
                : "no commit on the first-parent history of " + branch + " starts with it, only "
                        + commits.stream().map(ObjectId::name).collect(Collectors.joining(", ")));
    }

    private String describe(List<ObjectId> ids, FirstParentHistory line) {
        return ids.stream()
                .map(id -> line.at(line.depth(id).getAsInt()))
                .map(entry -> entry.id().name() + " (" + entry.subject() + ")")
                .collect(Collectors.joining(", "));
    }

    private ObjectId peelToCommit(String reference, ObjectId id) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            RevObject object = walk.peel(walk.parseAny(id));
            if (!(object instanceof RevCommit)) {
                throw unknown(reference, "it points at a " + Constants.typeString(object.getType())
                        + ", not a commit");
            }
            return object.copy();
        }
    }

    private boolean isCommit(ObjectId id) throws IOException {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.has(id, Constants.OBJ_COMMIT);
        }
    }

    private RolloutException unknown(String reference, String why) {
        return new RolloutException("unknown revision reference '" + reference + "' in "
                + repository.getDirectory() + ": " + why);
    }

    private RolloutException noBranch(String what) {
        List<String> known;
        try {
            known = repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS, Constants.R_REMOTES)
                    .stream()
                    .map(ref -> Repository.shortenRefName(ref.getName()))
                    .filter(name -> !name.endsWith("/" + Constants.HEAD))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            known = List.of();
        }
        String listed = known.isEmpty() ? "none" : known.stream().limit(LISTED_IN_ERRORS)
                .collect(Collectors.joining(", "))
                + (known.size() > LISTED_IN_ERRORS ? " and " + (known.size() - LISTED_IN_ERRORS) + " more" : "");
        return new RolloutException("branch '" + branch + "' " + what + " in the Git repository "
                + repository.getDirectory() + "; known branches: " + listed);
    }

    private RolloutException readFailure(IOException e) {
        return new RolloutException("cannot read the Git repository " + repository.getDirectory()
                + ": " + e.getMessage(), e);
    }
}
