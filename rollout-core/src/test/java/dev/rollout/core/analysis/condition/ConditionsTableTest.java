package dev.rollout.core.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table of expressions Argo users write, with the value each yields on a given result. */
class ConditionsTableTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // vectors, as Prometheus and Datadog return them
                arguments("result[0] >= 0.95", list(0.97), true),
                arguments("result[0] >= 0.95", list(0.90), false),
                arguments("result[0] >= 0.95", list(0.95, 0.1), true),
                arguments("result[1] < 0.5", list(0.95, 0.1), true),
                arguments("result[-1] == 3", list(1L, 2L, 3L), true),
                arguments("len(result) == 0 || result[0] >= 0.95", list(), true),
                arguments("len(result) == 0 || result[0] >= 0.95", list(0.5), false),
                arguments("len(result) > 0 && result[0] >= 0.95", list(0.99), true),
                arguments("len(result)", list(1, 2, 3), 3L),
                arguments("all(result, {# > 0.9})", list(0.91, 0.95), true),
                arguments("all(result, {# > 0.9})", list(0.91, 0.5), false),
                arguments("all(result, {# > 0.9})", list(), true),
                arguments("any(result, {# < 0.1})", list(0.5, 0.05), true),
                arguments("any(result, {# < 0.1})", list(0.5, 0.2), false),
                arguments("any(result, # < 0.1)", list(0.01), true),
                arguments("none(result, {# > 1})", list(0.5, 0.7), true),
                arguments("one(result, {# > 0.6})", list(0.5, 0.7), true),
                arguments("count(result, {# >= 0.5}) >= 2", list(0.5, 0.7, 0.1), true),
                arguments("filter(result, {# > 1})", list(1L, 2L, 3L), list(2L, 3L)),
                arguments("map(result, {# * 2})", list(1L, 2.5), list(2L, 5.0)),
                arguments("all(result, {any(result, {# > 1})})", list(1L, 2L), true),
                arguments("2 in result", list(1L, 2L), true),
                arguments("2.0 in result", list(1L, 2L), true),
                arguments("5 not in result", list(1L, 2L), true),
                arguments("result == [1, 2]", list(1L, 2.0), true),
                arguments("result[1] == nil", list(0.5, null), true),
                arguments("all(result, {# != nil && # < 0.05})", list(0.01, null), false),
                arguments("len(result) == 3 && result[2] == 'x'", list(1, true, "x"), true),
                arguments("result[0] + result[1] > 1", list(0.6, 0.5), true),
                // scalars
                arguments("result < 0.01", 0.005, true),
                arguments("result < 0.01", 0.5, false),
                arguments("result >= 1", 1L, true),
                arguments("result >= 1", 1.0, true),
                arguments("result > 0.5", 1, true),
                arguments("result == 1", 1.0, true),
                arguments("result != 1", 1.0, false),
                arguments("result * 100 < 5", 0.04, true),
                arguments("result / 2", 3L, 1.5),
                arguments("result % 4", 10L, 2L),
                arguments("result + 1", 2L, 3L),
                arguments("result - 0.5", 2L, 1.5),
                arguments("-result < 0", 3, true),
                arguments("2 ** 3", 0, 8.0),
                arguments("2 ^ 3 ^ 2", 0, 512.0),
                arguments("1 + 2 * 3", null, 7L),
                arguments("(1 + 2) * 3", null, 9L),
                arguments("-2 * -3", null, 6L),
                arguments("1 / 0", null, INF),
                arguments("result > -1.5", -1.0, true),
                arguments("result == 0x1F", 31, true),
                arguments("result < 1_000", 999L, true),
                arguments("result < 1e-3", 0.0001, true),
                arguments("result == 0.5", new java.math.BigDecimal("0.5"), true),
                arguments("result + 1", (short) 2, 3L),
                arguments("result * 2", 1.5f, 3.0),
                arguments("result >= .5", 0.5, true),
                // NaN and Inf
                arguments("isNaN(result) || result >= 0.95", NAN, true),
                arguments("isNaN(result) || result >= 0.95", 0.99, true),
                arguments("isNaN(result) || result >= 0.95", 0.5, false),
                arguments("isNaN(result)", 3L, false),
                arguments("result >= 0.95", NAN, false),
                arguments("result < 0.95", NAN, false),
                arguments("result == result", NAN, false),
                arguments("isInf(result)", INF, true),
                arguments("isInf(result)", Double.NEGATIVE_INFINITY, true),
                arguments("isInf(result)", 1.0, false),
                // no data
                arguments("isNil(result)", null, true),
                arguments("isNil(result)", 0.0, false),
                arguments("default(result, 0) < 0.05", null, true),
                arguments("default(result, 0) < 0.05", 0.5, false),
                arguments("default(result, 1) == 1", null, true),
                arguments("result == nil", null, true),
                arguments("result != nil && result > 1", null, false),
                arguments("isNil(result) || result[0] > 0.9", null, true),
                arguments("(result ?? 0) < 0.05", null, true),
                arguments("result ?? 7", null, 7L),
                // strings and booleans
                arguments("result == 'true'", "true", true),
                arguments("result == 'true'", "false", false),
                arguments("result == 'true'", true, false),
                arguments("result == \"ok\"", "ok", true),
                arguments("result == `ok`", "ok", true),
                arguments("result != 'ok'", "down", true),
                arguments("len(result) == 2", "ok", true),
                arguments("len(result)", "h\u00e9llo \uD83D\uDE80", 7L),
                arguments("result + '!'", "ok", "ok!"),
                arguments("result < 'b'", "a", true),
                arguments("'it\\'s' == result", "it's", true),
                arguments("result == true", true, true),
                arguments("result", true, true),
                arguments("!result", false, true),
                arguments("not result", true, false),
                arguments("result and true", true, true),
                arguments("result or false", false, false),
                arguments("not (result > 1) and result >= 0", 0.5, true),
                arguments("!(result < 0.01)", 0.5, true),
                arguments("true || result > 1", null, true),
                arguments("false && result > 1", null, false),
                // helpers
                arguments("asInt(result) == 12", "12", true),
                arguments("asInt(result)", 12.9, 12L),
                arguments("asInt(result)", -12.9, -12L),
                arguments("asFloat(result) > 0.5", "0.75", true),
                arguments("asFloat(result)", 3L, 3.0),
                arguments("isNaN(asFloat(result))", "NaN", true),
                arguments("asInt(result[0]) == 200", list("200"), true),
                arguments("result > 5 ? 'high' : 'low'", 7L, "high"),
                arguments("result > 5 ? 'high' : result > 2 ? 'mid' : 'low'", 3L, "mid"),
                arguments("result", null, null),
                arguments("result", 0.5, 0.5),
                arguments("result\n  >= 0.95", 0.99, true),
                arguments("nil", null, null));
    }

    @ParameterizedTest(name = "{0} on {1} is {2}")
    @MethodSource("table")
    void evaluates(String expression, Object result, Object expected) {
        Condition condition = Conditions.compile(expression);

        assertThat(condition.evaluate(result)).isEqualTo(expected);
        assertThat(condition.expression()).isEqualTo(expression);
    }
}
