package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.RevisionSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RevisionSource} keeps, as tests a source's module inherits. JUnit
 * creates a new test instance per test; a subclass sets up, in its constructor, field initializers
 * or a {@code @BeforeEach}, a source with at least three candidate revisions (a repository with
 * three commits, a registry with three matching tags).
 *
 * <p>Checks: candidates are newest first and agree with the release order, which is a total order
 * (reflexive, antisymmetric, transitive); every candidate resolves to itself, the same way each
 * time and from several threads at once; an unknown reference is a {@link RolloutException} naming
 * it; {@code commitsBetween} is never null, empty for an empty or backward range, and splits at any
 * revision in between ({@code between(c, a) == between(b, a) + between(c, b)} for newer {@code a}
 * than {@code b} than {@code c}); with {@link #keepsHistory()} it is not empty for a forward range.
 */
public abstract class RevisionSourceCompatibilityKit {
    private List<Revision> candidates;

    /** The source under test, holding at least three candidates. */
    protected abstract RevisionSource source();

    /** A reference the source cannot resolve; its text must appear in the error. */
    protected String unknownReference() {
        return "kit-no-such-reference-0000";
    }

    /**
     * Whether the source knows the changes between two revisions (a Git history); then
     * {@code commitsBetween} of an older and a newer revision must not be empty. Default false.
     */
    protected boolean keepsHistory() {
        return false;
    }

    /** The candidates, read once per test (after the subclass's own {@code @BeforeEach}). */
    private List<Revision> candidates() {
        if (candidates == null) {
            candidates = source().candidates();
        }
        return candidates;
    }

    private Comparator<Revision> order() {
        return source().releaseOrder();
    }

    @Test
    void thereAreCandidatesWithDistinctIds() {
        assertThat(candidates()).as("candidates (the subclass must provide at least three)")
                .isNotNull().hasSizeGreaterThanOrEqualTo(3).doesNotContainNull();
        assertThat(candidates()).extracting(Revision::id).doesNotHaveDuplicates();
    }

    @Test
    void candidatesAreNewestFirstInTheReleaseOrder() {
        for (int i = 0; i < candidates().size(); i++) {
            Revision newer = candidates().get(i);
            assertThat(order().compare(newer, newer)).as("%s compared to itself", newer.id()).isZero();
            for (int j = i + 1; j < candidates().size(); j++) {
                Revision older = candidates().get(j);
                assertThat(order().compare(newer, older)).as("%s against the older %s", newer.id(), older.id())
                        .isPositive();
                assertThat(order().compare(older, newer)).as("%s against the newer %s", older.id(), newer.id())
                        .isNegative();
            }
        }
    }

    @Test
    void sortingByTheReleaseOrderGivesTheCandidatesOrder() {
        List<Revision> shuffled = new ArrayList<>(candidates());
        java.util.Collections.reverse(shuffled);
        shuffled.add(0, shuffled.remove(shuffled.size() / 2));

        shuffled.sort(order().reversed());

        assertThat(shuffled).extracting(Revision::id)
                .containsExactlyElementsOf(candidates().stream().map(Revision::id).toList());
    }

    @Test
    void everyCandidateResolvesToItselfTheSameWayEachTime() {
        for (Revision candidate : candidates()) {
            Revision resolved = source().resolve(candidate.id());

            assertThat(resolved.id()).as("resolve(%s)", candidate.id()).isEqualTo(candidate.id());
            assertThat(source().resolve(candidate.id())).as("resolving %s again", candidate.id())
                    .isEqualTo(resolved);
            assertThat(order().compare(resolved, candidate)).isZero();
        }
    }

    @Test
    void anUnknownReferenceIsARolloutExceptionNamingIt() {
        assertThatThrownBy(() -> source().resolve(unknownReference()))
                .isInstanceOf(RolloutException.class).hasMessageContaining(unknownReference());
    }

    @Test
    void commitsBetweenIsEmptyForAnEmptyOrBackwardRange() {
        Revision newest = candidates().get(0);
        Revision older = candidates().get(1);

        assertThat(source().commitsBetween(newest, newest)).isNotNull().isEmpty();
        assertThat(source().commitsBetween(newest, older)).as("from newer to older").isNotNull().isEmpty();
    }

    @Test
    void commitsBetweenSplitsAtARevisionInBetween() {
        Revision a = candidates().get(0);
        Revision b = candidates().get(1);
        Revision c = candidates().get(2);

        List<Commit> whole = source().commitsBetween(c, a);
        List<Commit> joined = new ArrayList<>(source().commitsBetween(b, a));
        joined.addAll(source().commitsBetween(c, b));

        assertThat(whole).isNotNull().containsExactlyElementsOf(joined);
        if (keepsHistory()) {
            assertThat(source().commitsBetween(b, a)).as("commits from %s to %s", b.id(), a.id()).isNotEmpty();
            assertThat(whole).hasSizeGreaterThan(source().commitsBetween(b, a).size());
        }
    }

    @Test
    void concurrentResolvesAgree() throws Exception {
        List<String> ids = candidates().stream().map(Revision::id).toList();
        List<CompletableFuture<List<Revision>>> calls = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> ids.stream().map(source()::resolve).toList()))
                .toList();

        List<Revision> first = calls.get(0).get(30, TimeUnit.SECONDS);
        for (CompletableFuture<List<Revision>> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(first);
        }
    }
}
