package dev.rollout.core.analysis.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Member access on maps ({@code result.field}, {@code result["field"]}, chained with indexes),
 * as expr does it, with the conditions Argo's own examples use.
 */
class ConditionsMemberAccessTest {

    private static Object eval(String expression, Object result) {
        return Conditions.compile(expression).evaluate(result);
    }

    @Test
    void readsAMemberOfAnObjectResult() {
        // Argo's e2e web-background-inconclusive template.
        assertThat(eval("result.Status == 999", Map.of("Status", 999L))).isEqualTo(true);
        assertThat(eval("result.Status == -1", Map.of("Status", 999L))).isEqualTo(false);
        // Argo's New Relic example.
        assertThat(eval("result.successRate >= 0.95", Map.of("successRate", 0.97))).isEqualTo(true);
        assertThat(eval("result.successRate >= 0.95", Map.of("successRate", 0.90))).isEqualTo(false);
        assertThat(eval("result.major == '1'", Map.of("major", "1", "minor", "27"))).isEqualTo(true);
    }

    @Test
    void indexesAndMembersChain() {
        // Argo's CloudWatch example: a list of series, each with its Values.
        String cloudWatch = "len(result[0].Values) >= 5 and all(result[0].Values, {# <= 0.01})";
        Object healthy = List.of(Map.of("Values", List.of(0.0, 0.01, 0.0, 0.005, 0.0)));
        Object failing = List.of(Map.of("Values", List.of(0.0, 0.02, 0.0, 0.005, 0.0)));
        Object short4 = List.of(Map.of("Values", List.of(0.0, 0.0, 0.0, 0.0)));

        assertThat(eval(cloudWatch, healthy)).isEqualTo(true);
        assertThat(eval(cloudWatch, failing)).isEqualTo(false);
        assertThat(eval(cloudWatch, short4)).isEqualTo(false);
        assertThat(eval("result[0][\"Values\"][-1]", healthy)).isEqualTo(0.0);
        assertThat(eval("result.a.b[\"c\"][1].d", Map.of("a", Map.of("b", Map.of("c",
                List.of(Map.of("d", 1L), Map.of("d", 2L))))))).isEqualTo(2L);
    }

    @Test
    void predicateShorthandReadsAMemberOfEachElement() {
        // Argo's SkyWalking example: `.value` is `#.value` inside the predicate.
        String skyWalking = "all(result.service_apdex.values.values, {asFloat(.value) >= 9900})";
        Object result = Map.of("service_apdex", Map.of("values", Map.of("values",
                List.of(Map.of("id", "a", "value", "9950"), Map.of("id", "b", "value", "9901")))));
        Object low = Map.of("service_apdex", Map.of("values", Map.of("values",
                List.of(Map.of("id", "a", "value", "9950"), Map.of("id", "b", "value", "9000")))));

        assertThat(eval(skyWalking, result)).isEqualTo(true);
        assertThat(eval(skyWalking, low)).isEqualTo(false);
        assertThat(eval("map(result, {#.n * 2})", List.of(Map.of("n", 1L), Map.of("n", 3L))))
                .isEqualTo(List.of(2L, 6L));
        assertThat(eval("count(result, .ok)", List.of(Map.of("ok", true), Map.of("ok", false))))
                .isEqualTo(1L);
    }

    @Test
    void membersMayBeNamedLikeKeywordsAndHoldNil() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("in", 1L);
        result.put("missing", null);

        assertThat(eval("result.in == 1", result)).isEqualTo(true);
        assertThat(eval("isNil(result.missing)", result)).isEqualTo(true);
        assertThat(eval("result.missing ?? 5", result)).isEqualTo(5L);
    }

    @Test
    void mapsHaveALengthMembershipAndEquality() {
        Map<String, Object> result = Map.of("a", 1L, "b", List.of(1.0));

        assertThat(eval("len(result)", result)).isEqualTo(2L);
        assertThat(eval("'a' in result", result)).isEqualTo(true);
        assertThat(eval("'z' not in result", result)).isEqualTo(true);
        assertThat(eval("result == result", result)).isEqualTo(true);
        assertThat(Conditions.compile("result.b == [1]").evaluate(result)).isEqualTo(true);
    }

    @Test
    void aMissingMemberIsAnErrorNamingTheMembersThere() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", 200L);
        result.put("body", "ok");

        assertThatThrownBy(() -> eval("result.Status == 999", result))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessage("cannot evaluate \"result.Status == 999\" at column 7: no member 'Status'"
                        + " in map of 2 member(s) (members: status, body)");
        assertThatThrownBy(() -> eval("result['x']", Map.of()))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessage("cannot evaluate \"result['x']\" at column 7: no member 'x' in map of 0 member(s)");
    }

    @Test
    void onlyAMapHasMembers() {
        assertThatThrownBy(() -> eval("result.successRate >= 0.95", List.of(0.97)))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessage("cannot evaluate \"result.successRate >= 0.95\" at column 7: cannot read member"
                        + " 'successRate' of list of 1 element(s): only a map has members");
        assertThatThrownBy(() -> eval("result.successRate >= 0.95", null))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessageContaining("at column 7: cannot read member 'successRate' of nil (no data)");
        assertThatThrownBy(() -> eval("result[0]", Map.of("a", 1L)))
                .isInstanceOf(ConditionEvaluationException.class)
                .hasMessageContaining("at column 7: a map key must be a string, got int 0");
    }
}
