package dev.rollout.core.analysis.condition;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Conditions that do not parse, and conditions that cannot be evaluated on a given result. */
class ConditionsErrorTest {

    static Stream<Arguments> syntaxErrors() {
        return Stream.of(
                arguments("result[0] >=", "at column 13: expected an operand but the condition ends here"),
                arguments("", "at column 1: the condition is empty"),
                arguments("   ", "the condition is empty"),
                arguments("result = 1", "at column 8: unexpected character '=', use '==' to compare"),
                arguments("result & true", "at column 8: unexpected character '&', use '&&' or 'and'"),
                arguments("result | true", "use '||' or 'or'"),
                arguments("result >= 0.95)", "at column 15: expected an operator or the end of the condition but found ')'"),
                arguments("(result >= 0.95", "at column 16: expected ')' to close the '(' at column 1 but found end of input"),
                arguments("result[0 >= 1", "at column 14: expected ']' to close the index opened at column 7"),
                arguments("result == 'ok", "at column 11: string starting here is not closed"),
                arguments("reslt > 1", "at column 1: unknown name 'reslt'; the measurement is 'result'"),
                arguments("size(result) == 0", "at column 1: unknown function 'size'; known functions are all, any, asFloat"),
                arguments("len > 1", "at column 1: len is a function; call it as len(...)"),
                arguments("len(result, 2)", "at column 1: len() takes 1 argument(s) but 2 were given"),
                arguments("default(result)", "default() takes 2 argument(s) but 1 were given"),
                arguments("# > 1", "at column 1: '#' may only be used inside a predicate"),
                arguments("all(result {# > 1})", "at column 12: expected ',' between the list and the predicate of all()"),
                arguments("all(result, {# > 1)", "at column 19: expected '}' to close the predicate opened at column 13"),
                arguments("result >= 1.5.2", "at column 14: unexpected '.' after number"),
                arguments("result > 1e", "at column 11: malformed exponent"),
                arguments("result > 12abc", "at column 12: unexpected 'a' after number"),
                arguments("result > 99999999999999999999", "at column 10: integer literal 99999999999999999999 is malformed or too large"),
                arguments("result and", "at column 11: expected an operand but the condition ends here"),
                arguments("and result", "at column 1: expected an operand but found the keyword 'and'"),
                arguments("result > 1 ? 2", "at column 15: expected ':' to separate the branches of '?' but found end of input"),
                arguments("result == '\\q'", "at column 12: unknown escape sequence \\q"),
                arguments("result\n  >= \n", "at line 3, column 1: expected an operand"),
                arguments("result. > 1", "at column 9: expected a member name after '.' at column 7 but found '>'"),
                arguments(".value > 1", "at column 1: expected an operand (a number, a string, result, a function call or '(') but found '.'"),
                arguments("result >= 0.95 result", "at column 16: expected an operator or the end of the condition but found name 'result'"),
                arguments("(".repeat(500) + "1" + ")".repeat(500), "nests deeper than 200 levels"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("syntaxErrors")
    void rejectsAtCompileTimeNamingPositionAndExpectation(String expression, String message) {
        assertThatThrownBy(() -> Conditions.compile(expression))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessageContaining(message);
    }

    @Test
    void syntaxErrorQuotesTheCondition() {
        assertThatThrownBy(() -> Conditions.compile("result >>= 1"))
                .isInstanceOf(ConditionSyntaxException.class)
                .hasMessage("invalid condition \"result >>= 1\" at column 9: expected an operand (a number, a string,"
                        + " result, a function call or '(') but found '>='");
    }

    static Stream<Arguments> evaluationErrors() {
        return Stream.of(
                arguments("result < 0.05", null, "at column 8: cannot compare nil (no data) < float 0.05"),
                arguments("result[0] >= 0.95", null, "at column 7: cannot index nil (no data)"),
                arguments("result[0] >= 0.95", 0.5, "cannot index float 0.5: it is a scalar, not a list or a map"),
                arguments("result[0] >= 0.95", "ok", "cannot index string \"ok\": it is a scalar"),
                arguments("result[0] >= 0.95", list(), "at column 7: index 0 out of range for a list of 0 element(s)"),
                arguments("result[1] < 0.05", list(0.01, null), "at column 11: cannot compare nil (no data) < float 0.05"),
                arguments("result[2]", list(1L, 2L), "index 2 out of range for a list of 2 element(s)"),
                arguments("result[-3]", list(1L, 2L), "index -3 out of range"),
                arguments("result[0.5]", list(1L, 2L), "a list index must be an int, got float 0.5"),
                arguments("len(result) == 0", null, "at column 1: len() needs a string, a list or a map, got nil (no data)"),
                arguments("len(result)", 3L, "len() needs a string, a list or a map, got int 3"),
                arguments("result + 1 > 2", null, "at column 8: cannot apply '+' to nil (no data) and int 1"),
                arguments("result * 2", "ab", "cannot apply '*' to string \"ab\" and int 2"),
                arguments("-result", null, "unary '-' needs a number, got nil (no data)"),
                arguments("result > 1", list(1L), "cannot compare list of 1 element(s) > int 1"),
                arguments("result > 1", "2", "cannot compare string \"2\" > int 1"),
                arguments("result % 2", 1.5, "'%' needs two ints"),
                arguments("result % 0", 3L, "integer divide by zero"),
                arguments("result && true", 1L, "'&&' needs a bool, got int 1"),
                arguments("result or true", null, "'or' needs a bool, got nil (no data)"),
                arguments("!result", "true", "'!' needs a bool, got string \"true\""),
                arguments("isNaN(result) || result >= 0.95", null, "isNaN() needs a number, got nil (no data)"),
                arguments("isNaN(result)", "NaN", "isNaN() needs a number, got string \"NaN\""),
                arguments("isInf(result)", list(), "isInf() needs a number"),
                arguments("asInt(result)", "twelve", "asInt() cannot parse string \"twelve\" as an int"),
                arguments("asInt(result)", Double.NaN, "asInt() cannot convert float NaN"),
                arguments("asInt(result)", null, "asInt() not supported on nil (no data)"),
                arguments("asFloat(result)", "1.5d", "asFloat() cannot parse string \"1.5d\""),
                arguments("asFloat(result)", true, "asFloat() not supported on bool true"),
                arguments("all(result, {# > 0.9})", null, "all() needs a list, got nil (no data)"),
                arguments("any(result, {#})", list(1L), "'any() predicate' needs a bool, got int 1"),
                arguments("1 in result", 1L, "'in' needs a list or a map on its right, got int 1"),
                arguments("result ? 1 : 2", 1L, "'?' needs a bool"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("evaluationErrors")
    void failsToEvaluateWithClearMessage(String expression, Object result, String message) {
        Condition condition = Conditions.compile(expression);

        assertThatThrownBy(() -> condition.evaluate(result))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessageStartingWith("cannot evaluate \"" + expression + "\" at ")
                .hasMessageContaining(message);
    }

    @Test
    void unexpectedFailureInsideAResultBecomesAnEvaluationError() {
        List<Object> broken = new java.util.AbstractList<>() {
            @Override
            public Object get(int index) {
                throw new IllegalStateException("backing store closed");
            }

            @Override
            public int size() {
                return 1;
            }
        };
        Condition condition = Conditions.compile("result[0] > 1");

        assertThatThrownBy(() -> condition.evaluate(broken))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessageContaining("backing store closed");
    }

    @Test
    void nullExpressionIsAProgrammingError() {
        assertThatThrownBy(() -> Conditions.compile(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("expression");
    }

    private static List<Object> list(Object... values) {
        return Arrays.asList(values);
    }
}
