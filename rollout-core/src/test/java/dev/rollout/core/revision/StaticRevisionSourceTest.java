package dev.rollout.core.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StaticRevisionSourceTest {
    private final Revision newest = new Revision("3f9c2a71e0", Map.of("tag", "v1.3", "branch", "main"));
    private final Revision middle = new Revision("3f1d00b2c4", Map.of("tag", "v1.2", "branch", "main"));
    private final Revision oldest = new Revision("a07be55f19", Map.of("tag", "v1.1"));
    private final StaticRevisionSource source = StaticRevisionSource.of(newest, middle, oldest);

    @Test
    void candidatesAreTheGivenRevisionsNewestFirst() {
        assertThat(source.candidates()).containsExactly(newest, middle, oldest);
        assertThat(StaticRevisionSource.ofIds("b", "a").candidates())
                .containsExactly(Revision.of("b"), Revision.of("a"));
        assertThat(StaticRevisionSource.of().candidates()).isEmpty();
    }

    @Test
    void anIdResolvesToItsRevision() {
        assertThat(source.resolve("3f1d00b2c4")).isEqualTo(middle);
    }

    @Test
    void aTagOrBranchResolvesToTheNewestRevisionCarryingIt() {
        assertThat(source.resolve("v1.2")).isEqualTo(middle);
        assertThat(source.resolve("main")).isEqualTo(newest);
    }

    @Test
    void aUniqueIdPrefixResolvesLikeAShortHash() {
        assertThat(source.resolve("a07b")).isEqualTo(oldest);
        assertThat(source.resolve("3f9c")).isEqualTo(newest);
    }

    @Test
    void anAmbiguousPrefixIsAnErrorNamingTheCandidates() {
        StaticRevisionSource twins = StaticRevisionSource.ofIds("abcd1", "abcd2");
        assertThatThrownBy(() -> twins.resolve("abcd"))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("ambiguous").hasMessageContaining("abcd1, abcd2");
    }

    @Test
    void aPrefixShorterThanFourCharactersIsNotGuessed() {
        assertThatThrownBy(() -> source.resolve("a07"))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("'a07'").hasMessageContaining("3f9c2a71e0, 3f1d00b2c4, a07be55f19");
    }

    @Test
    void anUnknownReferenceNamesItAndTheKnownRevisions() {
        assertThatThrownBy(() -> StaticRevisionSource.of().resolve("v9"))
                .isInstanceOf(RolloutException.class).hasMessage("unknown revision reference 'v9'; known: none");
        List<String> many = IntStream.range(0, 12).mapToObj(i -> "rev-" + i).toList();
        assertThatThrownBy(() -> StaticRevisionSource.ofIds(many.toArray(String[]::new)).resolve("x"))
                .hasMessageEndingWith("rev-9 and 2 more");
    }

    @Test
    void badInputIsRejectedByName() {
        assertThatThrownBy(() -> StaticRevisionSource.ofIds("a", "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' twice");
        assertThatThrownBy(() -> source.resolve(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference");
    }
}
