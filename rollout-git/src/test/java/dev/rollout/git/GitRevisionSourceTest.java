package dev.rollout.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRevisionSourceTest {
    @TempDir
    Path dir;
    private SampleHistory history;
    private GitRevisionSource source;

    @BeforeEach
    void setUp() {
        history = SampleHistory.create(dir);
        source = GitRevisionSource.open(dir, "main");
    }

    @AfterEach
    void tearDown() {
        source.close();
        history.fixture().close();
    }

    private static List<String> ids(List<? extends ObjectId> commits) {
        return commits.stream().map(ObjectId::name).toList();
    }

    @Test
    void candidatesAreTheFirstParentCommitsNewestFirstWhateverTheirDates() {
        assertThat(source.candidates()).extracting(Revision::id)
                .containsExactlyElementsOf(ids(history.mainNewestFirst()));
    }

    @Test
    void commitsReachedOnlyThroughASecondParentAreNotCandidates() {
        assertThat(source.candidates()).extracting(Revision::id)
                .doesNotContain(history.f1().name(), history.f2().name(), history.r1().name());
    }

    @Test
    void aRevisionCarriesTheCommitsAttributes() {
        Revision c2 = source.resolve(history.c2().name());
        assertThat(c2.id()).hasSize(40).isEqualTo(history.c2().name());
        assertThat(c2.attributes())
                .containsEntry("shortSha", history.c2().name().substring(0, 7))
                .containsEntry("subject", "Add canary steps")
                .containsEntry("author", "Ada Lovelace")
                .containsEntry("branch", "main");
        assertThat(Instant.parse(c2.attributes().get("commitTime")))
                .isEqualTo(history.c2().getCommitterIdent().getWhenAsInstant());
        assertThat(source.resolve("v2").attributes()).containsEntry("author", "Grace Hopper")
                .containsEntry("subject", "Merge branch 'feature'");
    }

    @Test
    void resolvesAFullShaAndShortPrefixes() {
        String c3 = history.c3().name();
        assertThat(source.resolve(c3).id()).isEqualTo(c3);
        assertThat(source.resolve(c3.substring(0, 7)).id()).isEqualTo(c3);
        assertThat(source.resolve(c3.toUpperCase().substring(0, 10)).id()).isEqualTo(c3);
        String shortest = shortestUniquePrefix(history.c1());
        assertThat(source.resolve(shortest).id()).isEqualTo(history.c1().name());
    }

    private String shortestUniquePrefix(RevCommit commit) {
        for (int length = GitRevisionSource.MIN_PREFIX; ; length++) {
            String prefix = commit.name().substring(0, length);
            long sharing = history.mainNewestFirst().stream().filter(c -> c.name().startsWith(prefix)).count();
            if (sharing == 1) {
                return prefix;
            }
        }
    }

    @Test
    void resolvesTagsTheBranchAndHead() {
        assertThat(source.resolve("v1").id()).isEqualTo(history.c2().name());
        assertThat(source.resolve("v2").id()).as("an annotated tag peels to its commit").isEqualTo(history.merge().name());
        assertThat(source.resolve("main").id()).isEqualTo(history.c4().name());
        assertThat(source.resolve("refs/heads/main").id()).isEqualTo(history.c4().name());
        assertThat(source.resolve("HEAD").id()).isEqualTo(history.c4().name());
    }

    @Test
    void aCommitOffTheFirstParentLineIsRefusedByName() {
        for (String reference : List.of("on-feature", history.f2().name(), history.f1().name().substring(0, 8),
                "feature", "release")) {
            assertThatThrownBy(() -> source.resolve(reference))
                    .isInstanceOf(RolloutException.class)
                    .hasMessageContaining("is not on the first-parent history of main")
                    .hasMessageContaining("'" + reference + "'");
        }
        assertThatThrownBy(() -> source.resolve("on-feature")).hasMessageContaining(history.f1().name());
    }

    @Test
    void headCheckedOutOnAnotherBranchIsNotOnTheLine() {
        history.fixture().checkout("release", null);
        assertThatThrownBy(() -> source.resolve("HEAD"))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining(history.r1().name() + " ('HEAD') is not on the first-parent history of main");
    }

    @Test
    void unknownReferencesAreNamed() {
        assertThatThrownBy(() -> source.resolve("v9"))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("unknown revision reference 'v9'").hasMessageContaining("not a commit SHA, tag or branch");
        assertThatThrownBy(() -> source.resolve(history.c1().name().substring(0, 3)))
                .isInstanceOf(RolloutException.class).hasMessageContaining("at least 4 characters");
        String missing = "0123456789abcdef0123456789abcdef01234567";
        assertThatThrownBy(() -> source.resolve(missing)).isInstanceOf(RolloutException.class)
                .hasMessageContaining("'" + missing + "'").hasMessageContaining("no such commit");
        assertThatThrownBy(() -> source.resolve(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reference");
    }

    @Test
    void releaseOrderIsThePositionOnTheFirstParentLine() {
        var order = source.releaseOrder();
        Revision c1 = source.resolve(history.c1().name());
        Revision c3 = source.resolve(history.c3().name());
        Revision merge = source.resolve("v2");
        Revision c4 = source.resolve("main");
        assertThat(order.compare(c3, c1)).as("c3 is newer although dated before c1").isPositive();
        assertThat(order.compare(c1, c4)).isNegative();
        assertThat(order.compare(merge, c3)).isPositive();
        assertThat(order.compare(merge, Revision.of(merge.id()))).isZero();

        List<Revision> shuffled = new ArrayList<>(source.candidates());
        Collections.shuffle(shuffled, new Random(7));
        shuffled.sort(order.reversed());
        assertThat(shuffled).isEqualTo(source.candidates());
    }

    @Test
    void releaseOrderRefusesARevisionOffTheLine() {
        Revision feature = Revision.of(history.f1().name());
        Revision c1 = source.resolve("v1");
        assertThatThrownBy(() -> source.releaseOrder().compare(feature, c1))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("'" + history.f1().name() + "' is not on the first-parent history of main");
        assertThatThrownBy(() -> source.releaseOrder().compare(c1, Revision.of("sha256:abc")))
                .hasMessageContaining("'sha256:abc'");
    }

    @Test
    void commitsBetweenListsTheFirstParentCommitsAfterFromUpToToNewestFirst() {
        Revision c1 = source.resolve(history.c1().name());
        Revision c4 = source.resolve("main");
        List<Commit> commits = source.commitsBetween(c1, c4);
        assertThat(commits).extracting(Commit::id)
                .containsExactlyElementsOf(ids(List.of(history.c4(), history.merge(), history.c3(), history.c2())));
        assertThat(commits.get(1)).isEqualTo(new Commit(history.merge().name(), history.merge().name().substring(0, 7),
                "Merge branch 'feature'", "Grace Hopper"));
        assertThat(commits.get(3).subject()).isEqualTo("Add canary steps");
    }

    @Test
    void commitsBetweenLeavesOutMergedSideBranchCommits() {
        List<Commit> commits = source.commitsBetween(source.resolve("v1"), source.resolve("v2"));
        assertThat(commits).extracting(Commit::subject).containsExactly("Merge branch 'feature'", "Tune analysis");
    }

    @Test
    void commitsBetweenIsEmptyUnlessToIsNewer() {
        Revision c2 = source.resolve("v1");
        Revision c4 = source.resolve("main");
        assertThat(source.commitsBetween(c4, c2)).isEmpty();
        assertThat(source.commitsBetween(c2, c2)).isEmpty();
        assertThatThrownBy(() -> source.commitsBetween(Revision.of(history.f1().name()), c4))
                .isInstanceOf(RolloutException.class).hasMessageContaining("not on the first-parent history");
    }

    @Test
    void commitsBetweenFromNullStartsAtTheBeginningCappedAtFifty() {
        assertThat(source.commitsBetween(null, source.resolve(history.c3().name()))).extracting(Commit::subject)
                .containsExactly("Tune analysis", "Add canary steps", "Initial service config");
        List<ObjectId> added = history.fixture().appendCommits("main", 60);
        Revision newest = source.resolve("main");
        List<Commit> commits = source.commitsBetween(null, newest);
        assertThat(commits).hasSize(GitRevisionSource.COMMITS_SINCE_BEGINNING);
        assertThat(commits.get(0).id()).isEqualTo(newest.id());
        List<String> expected = new ArrayList<>(ids(added.subList(10, 60)));
        Collections.reverse(expected);
        assertThat(commits).extracting(Commit::id).containsExactlyElementsOf(expected);
    }
}
