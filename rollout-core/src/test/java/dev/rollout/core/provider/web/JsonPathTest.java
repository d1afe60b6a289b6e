package dev.rollout.core.provider.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPathTest {
    private static final JsonNode DOC;

    static {
        try {
            DOC = new ObjectMapper().readTree("""
                    {"data": {"ok": true, "rate": 0.97, "name": "x",
                      "series": [{"value": 1}, {"value": 2}, {"value": 3}],
                      "odd key": 7}}
                    """);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> select(String path) {
        return JsonPath.parse(path).select(DOC).stream().map(JsonNode::toString).toList();
    }

    @Test
    void argoBracedAndPlainForms() {
        assertThat(select("{$.data.ok}")).containsExactly("true");
        assertThat(select("$.data.rate")).containsExactly("0.97");
        assertThat(select("data.name")).containsExactly("\"x\"");
        assertThat(select("{ .data.rate }")).containsExactly("0.97");
    }

    @Test
    void indexesQuotedNamesAndWildcards() {
        assertThat(select("$.data.series[0].value")).containsExactly("1");
        assertThat(select("$.data.series[-1].value")).containsExactly("3");
        assertThat(select("$['data']['odd key']")).containsExactly("7");
        assertThat(select("$.data.series[*].value")).containsExactly("1", "2", "3");
        assertThat(select("$.data.series.*.value")).containsExactly("1", "2", "3");
        assertThat(JsonPath.parse("$.data.series[*].value").hasWildcard()).isTrue();
    }

    @Test
    void missingPathsSelectNothing() {
        assertThat(select("$.data.nope")).isEmpty();
        assertThat(select("$.data.series[9]")).isEmpty();
        assertThat(select("$.data.rate.deeper")).isEmpty();
    }

    @Test
    void badPathsNameThePosition() {
        assertThatThrownBy(() -> JsonPath.parse("$.data[")).hasMessageContaining("closing ]");
        assertThatThrownBy(() -> JsonPath.parse("$.data[x]")).hasMessageContaining("position 7");
        assertThatThrownBy(() -> JsonPath.parse("$..data")).hasMessageContaining("a field name");
        assertThatThrownBy(() -> JsonPath.parse("{}")).hasMessageContaining("empty");
    }
}
