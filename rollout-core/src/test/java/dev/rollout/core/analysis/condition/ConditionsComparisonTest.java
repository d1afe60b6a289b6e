package dev.rollout.core.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The read-only description of simple comparisons that the compiler gives alongside a condition. */
class ConditionsComparisonTest {
    private static String describe(String condition) {
        return Conditions.compile(condition).comparison()
                .map(c -> c.measurement() + " " + c.operator() + " " + c.constant()).orElse("none");
    }

    @Test
    void aComparisonOfTheMeasurementWithANumberIsDescribed() {
        assertThat(describe("result[0] < 0.05")).isEqualTo("result[0] < 0.05");
        assertThat(describe("result >= 0.95")).isEqualTo("result >= 0.95");
        assertThat(describe("default(result, 0) < 0.05")).isEqualTo("default(result, 0) < 0.05");
        assertThat(describe("asInt(result[0]) == 3")).isEqualTo("asInt(result[0]) == 3.0");
        assertThat(describe("(result > -1.5)")).isEqualTo("result > -1.5");
        assertThat(describe("0.9 <= result")).as("number first: turned round").isEqualTo("result >= 0.9");
    }

    @Test
    void aGuardAgainstNoDataOrNanDoesNotHideTheComparison() {
        assertThat(describe("isNaN(result) || result >= 0.95")).isEqualTo("result >= 0.95");
        assertThat(describe("len(result) == 0 or result[0] >= 0.95")).isEqualTo("result[0] >= 0.95");
        assertThat(describe("isNil(result) || isInf(result) || result < 2")).isEqualTo("result < 2.0");
        assertThat(describe("result < 2 || isNaN(result)")).isEqualTo("result < 2.0");
    }

    @Test
    void everyOtherShapeIsNotDescribed() {
        assertThat(describe("result == 'true'")).isEqualTo("none");
        assertThat(describe("result < 0.05 && result > 0.01")).isEqualTo("none");
        assertThat(describe("all(result, {# < 1})")).isEqualTo("none");
        assertThat(describe("result[1] < 3")).isEqualTo("none");
        assertThat(describe("result + 1 < 3")).isEqualTo("none");
        assertThat(describe("!(result < 3)")).isEqualTo("none");
        assertThat(describe("len(result) > 0 || result < 3")).isEqualTo("none");
        assertThat(describe("result < 3 || result > 5")).isEqualTo("none");
        assertThat(describe("result != 3")).isEqualTo("none");
    }

    @Test
    void theDescriptionDoesNotChangeEvaluation() {
        Condition condition = Conditions.compile("isNaN(result) || result >= 0.95");
        assertThat(condition.evaluate(0.97)).isEqualTo(true);
        assertThat(condition.evaluate(0.5)).isEqualTo(false);
        assertThat(condition.evaluate(Double.NaN)).isEqualTo(true);
    }
}
