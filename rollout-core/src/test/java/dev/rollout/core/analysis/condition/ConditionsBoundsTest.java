package dev.rollout.core.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * No condition, however large or deep, overflows the stack or takes long: each bound (length,
 * tokens, depth) is a syntax error naming it, and what is just inside a bound still works.
 */
class ConditionsBoundsTest {

    @Test
    void aHundredThousandTermConditionIsRejectedForItsLength() {
        String huge = "1" + "+1".repeat(99_999) + " > 0";

        assertThatThrownBy(() -> Conditions.compile(huge))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessage("invalid condition \"" + huge.substring(0, 120) + "...\" at column 1: the"
                        + " condition is 200003 characters long, at most 10000 are accepted");
    }

    @Test
    void tooManyTokensAreRejected() {
        String many = "1" + "+1".repeat(1_500); // 3,001 characters, 3,001 tokens

        assertThatThrownBy(() -> Conditions.compile(many))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageEndingWith("at column 2001: the condition has more than 2000 tokens");
    }

    @Test
    void thousandsOfIndexesAreRejectedNotAStackOverflow() {
        String indexed = "result" + "[0]".repeat(3_000) + " > 0";

        assertThatThrownBy(() -> Conditions.compile(indexed))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("the condition has more than 2000 tokens");
    }

    @Test
    void aChainOfIndexesDeeperThanTheBoundIsRejected() {
        String indexed = "result" + "[0]".repeat(300);

        assertThatThrownBy(() -> Conditions.compile(indexed))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessage("invalid condition \"" + indexed.substring(0, 120) + "...\" at column 604:"
                        + " the condition nests deeper than 200 levels (parentheses, operators, indexes"
                        + " and calls all count)");
        assertThatThrownBy(() -> Conditions.compile("result" + ".a".repeat(300)))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nests deeper than 200 levels");
    }

    @Test
    void aLongRunOfOneOperatorIsRejectedByDepthButAShorterOneEvaluates() {
        assertThatThrownBy(() -> Conditions.compile("1" + "+1".repeat(250)))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nests deeper than 200 levels");

        assertThat(Conditions.compile("result" + "+1".repeat(150)).evaluate(1L)).isEqualTo(151L);
    }

    @Test
    void theDeepestAcceptedConditionEvaluatesOnASmallStack() throws InterruptedException {
        // 199 indexes: one below the bound, evaluated by recursion on a thread with a 256 KB stack.
        String deep = "result" + "[0]".repeat(199);
        Object nested = 7L;
        for (int i = 0; i < 199; i++) {
            List<Object> wrapper = new ArrayList<>();
            wrapper.add(nested);
            nested = wrapper;
        }
        Condition condition = Conditions.compile(deep);
        Object result = nested;
        AtomicReference<Object> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                value.set(condition.evaluate(result));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();

        assertThat(failure.get()).isNull();
        assertThat(value.get()).isEqualTo(7L);
    }

    @Test
    void deepParenthesesAndNestedCallsAreRejected() {
        assertThatThrownBy(() -> Conditions.compile("len(".repeat(300) + "result" + ")".repeat(300)))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nests deeper than 200 levels");
        assertThatThrownBy(() -> Conditions.compile("!".repeat(300) + "true"))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nests deeper than 200 levels");
        assertThatThrownBy(() -> Conditions.compile("[".repeat(300) + "]".repeat(300)))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining("nests deeper than 200 levels");
    }
}
