package dev.rollout.core.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void sortsByFileOfFirstMentionThenLineKeepingTheOrderFoundOnALine() {
        Problems problems = new Problems();
        problems.add("b.yaml", 9, "x", "b9");
        problems.add("a.yaml", 5, "x", "a5-first");
        problems.add("b.yaml", 2, "x", "b2");
        problems.add("a.yaml", 5, "x", "a5-second");
        problems.add("a.yaml", 1, "x", "a1");

        assertThat(problems.sorted()).extracting(p -> p.message())
                .containsExactly("b2", "b9", "a1", "a5-first", "a5-second");
        assertThat(problems.list()).extracting(p -> p.message())
                .containsExactly("b9", "a5-first", "b2", "a5-second", "a1");
        assertThatThrownBy(problems::throwIfAny).isInstanceOf(InvalidSpecException.class)
                .hasMessage("b.yaml:2: x: b2\nb.yaml:9: x: b9\na.yaml:1: x: a1\na.yaml:5: x: a5-first"
                        + "\na.yaml:5: x: a5-second");
    }

    @Test
    void nothingToThrowWhenEmpty() {
        Problems problems = new Problems();
        int mark = problems.count();

        problems.throwIfAny();

        assertThat(problems.isEmpty()).isTrue();
        assertThat(problems.hasNewSince(mark)).isFalse();
    }
}
