package dev.rollout.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The repository most tests read, built with JGit:
 *
 * <pre>
 *   c1 - c2 ------ c3 - merge - c4      main (c3 dated a day before c1: clock skew)
 *    \     \            /
 *     \     f1 ------ f2                feature, merged with a merge commit
 *      r1                               release
 * </pre>
 *
 * Tags: {@code v1} (lightweight) on c2, {@code v2} (annotated) on the merge, {@code on-feature}
 * on f1. The work tree has {@code deploy/service/rollout.yaml}, the service config.
 */
record SampleHistory(GitFixture fixture, RevCommit c1, RevCommit c2, RevCommit f1, RevCommit f2,
        RevCommit r1, RevCommit c3, RevCommit merge, RevCommit c4) {

    static SampleHistory create(Path dir) {
        GitFixture git = GitFixture.init(dir);
        try {
            Files.createDirectories(dir.resolve("deploy/service"));
            Files.writeString(dir.resolve("deploy/service/rollout.yaml"), "service: shop\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RevCommit c1 = git.commit("Initial service config");
        RevCommit c2 = git.commit("Add canary steps\n\nTen percent first, then half.");
        git.checkout("feature", c2);
        RevCommit f1 = git.commit("Feature: first part", "Alan Turing", GitFixture.timeOf(10));
        RevCommit f2 = git.commit("Feature: second part", "Alan Turing", GitFixture.timeOf(11));
        git.checkout("release", c1);
        RevCommit r1 = git.commit("Hotfix on release");
        git.checkout("main", null);
        RevCommit c3 = git.commit("Tune analysis", "Ada Lovelace", GitFixture.EPOCH.minus(Duration.ofDays(1)));
        RevCommit merge = git.mergeNoFastForward("feature", "Merge branch 'feature'");
        RevCommit c4 = git.commit("Raise replicas");
        git.tag("v1", c2);
        git.annotatedTag("v2", merge, "Release 2");
        git.tag("on-feature", f1);
        return new SampleHistory(git, c1, c2, f1, f2, r1, c3, merge, c4);
    }

    /** The first-parent line of main, newest first. */
    List<RevCommit> mainNewestFirst() {
        return List.of(c4, merge, c3, c2, c1);
    }

    Path dir() {
        return fixture.dir;
    }
}
