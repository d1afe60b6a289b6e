package dev.rollout.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRevisionSourceRefreshTest {
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

    @Test
    void aNewCommitIsSeenWithoutReopening() {
        Revision before = source.resolve("main");
        RevCommit c5 = history.fixture().commit("Add a dashboard link");
        assertThat(source.candidates()).hasSize(6).first().extracting(Revision::id).isEqualTo(c5.name());
        Revision after = source.resolve("main");
        assertThat(source.releaseOrder().compare(after, before)).isPositive();
        assertThat(source.commitsBetween(before, after)).extracting(Commit::subject).containsExactly("Add a dashboard link");
    }

    @Test
    void aResetDropsTheCommitsNoLongerOnTheLineAndKeepsTheOrderOfTheRest() {
        Revision c4 = source.resolve("main");
        history.fixture().moveBranch("main", history.c3());
        RevCommit rewritten = history.fixture().commit("Rewritten history");
        assertThat(source.candidates()).extracting(Revision::id)
                .containsExactly(rewritten.name(), history.c3().name(), history.c2().name(), history.c1().name());
        assertThatThrownBy(() -> source.resolve(c4.id()))
                .isInstanceOf(RolloutException.class).hasMessageContaining("not on the first-parent history of main");
        assertThat(source.releaseOrder().compare(source.resolve(rewritten.name()), source.resolve("v1"))).isPositive();
    }

    @Test
    void aDeletedBranchIsReportedOnTheNextCall() throws Exception {
        history.fixture().checkout("release", null);
        history.fixture().git.branchDelete().setBranchNames("main").setForce(true).call();
        assertThatThrownBy(source::candidates)
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("branch 'main' no longer exists").hasMessageEndingWith("known branches: feature, release");
    }

    @Test
    void candidatesAreCappedButOlderCommitsStillResolveAndOrder() {
        List<ObjectId> added = history.fixture().appendCommits("main", 30);
        try (GitRevisionSource capped = GitRevisionSource.builder(dir, "main").candidateLimit(10).open()) {
            assertThat(capped.candidates()).hasSize(10).first().extracting(Revision::id).isEqualTo(added.get(29).name());
            assertThat(capped.candidates().get(9).id()).isEqualTo(added.get(20).name());
            Revision c1 = capped.resolve(history.c1().name());
            assertThat(capped.releaseOrder().compare(capped.resolve("main"), c1)).isPositive();
        }
        assertThat(source.candidates()).hasSize(35);
    }

    @Test
    void anAmbiguousPrefixNamesTheCommitsSharingIt() {
        // Fixed authors and times make these SHAs the same on every run; add commits until two
        // on the line share a four-character prefix (a few hundred, by the birthday bound).
        Map<String, List<ObjectId>> byPrefix = new HashMap<>();
        List<ObjectId> twins = null;
        for (int round = 0; round < 40 && twins == null; round++) {
            for (ObjectId id : history.fixture().appendCommits("main", 50)) {
                List<ObjectId> same = byPrefix.computeIfAbsent(id.name().substring(0, 4), p -> new ArrayList<>());
                same.add(id);
                if (same.size() == 2) {
                    twins = same;
                    break;
                }
            }
        }
        assertThat(twins).as("two commits sharing a 4-character prefix").isNotNull();
        String prefix = twins.get(0).name().substring(0, 4);
        assertThatThrownBy(() -> source.resolve(prefix))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("'" + prefix + "' is ambiguous on main")
                .hasMessageContaining(twins.get(0).name()).hasMessageContaining(twins.get(1).name());
        String longer = twins.get(0).name().substring(0, 12);
        assertThat(source.resolve(longer).id()).isEqualTo(twins.get(0).name());
    }

    @Test
    void concurrentReadersSeeOneConsistentLine() throws Exception {
        history.fixture().appendCommits("main", 200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Revision>>> readers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                readers.add(source::candidates);
            }
            List<List<Revision>> seen = new ArrayList<>();
            for (Future<List<Revision>> future : pool.invokeAll(readers)) {
                seen.add(future.get());
            }
            assertThat(seen).allSatisfy(line -> assertThat(line).isEqualTo(seen.get(0)).hasSize(100));
        } finally {
            pool.shutdownNow();
        }
    }
}
