package dev.rollout.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatadogBlockValidationTest {
    private final DatadogMetricProvider provider = new DatadogMetricProvider(
            Map.of("datadog.apiKey", "k", "datadog.applicationKey", "a")::get);

    @AfterEach
    void close() {
        provider.close();
    }

    private List<String> problems(Map<String, Object> block) {
        return provider.validate(block);
    }

    @Test
    void validBlocksHaveNoProblems() {
        assertThat(provider.type()).isEqualTo("datadog");
        assertThat(problems(Map.of("query", "sum:x{*}"))).isEmpty();
        assertThat(problems(Map.of("apiVersion", "v1", "interval", "5m", "query", "sum:x{*}"))).isEmpty();
        assertThat(problems(Map.of("apiVersion", "v2", "query", "sum:x{*}", "aggregator", "avg"))).isEmpty();
        assertThat(problems(Map.of("apiVersion", "v2", "queries", Map.of("a", "sum:x{*}", "b", "sum:y{*}"),
                "formula", "a/b"))).isEmpty();
        assertThat(problems(Map.of("apiVersion", "v2", "queries", Map.of("a", "sum:x{*}")))).isEmpty();
    }

    @Test
    void queryAndQueriesAreExclusiveAndOneIsRequired() {
        assertThat(problems(Map.of("interval", "5m"))).containsExactly(
                "query: is required (or queries with a formula, apiVersion v2)");
        assertThat(problems(Map.of("apiVersion", "v2", "query", "q", "queries", Map.of("a", "q"))))
                .contains("query: cannot be used together with queries; use one of them");
    }

    @Test
    void severalQueriesNeedAFormula() {
        assertThat(problems(Map.of("apiVersion", "v2", "queries", Map.of("a", "x", "b", "y"))))
                .containsExactly("formula: is required with several queries");
    }

    @Test
    void unknownApiVersionBadIntervalAndBadAggregatorAreReportedTogether() {
        assertThat(problems(Map.of("apiVersion", "v3", "interval", "five minutes", "query", "q")))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("apiVersion: must be v1 or v2, was 'v3'"))
                .anySatisfy(p -> assertThat(p).startsWith("interval: invalid duration \"five minutes\""));
        assertThat(problems(Map.of("apiVersion", "v2", "query", "q", "aggregator", "median")))
                .singleElement().asString().startsWith("aggregator: must be one of [area, avg, l2norm, last, max, mean, min, percentile, sum]");
        assertThat(problems(Map.of("query", "q", "interval", "0s"))).containsExactly("interval: must be positive, was '0s'");
    }

    @Test
    void v2OnlyFieldsAreRejectedOnV1() {
        assertThat(problems(Map.of("apiVersion", "v1", "queries", Map.of("a", "x"), "formula", "a", "aggregator", "avg")))
                .contains("queries: requires apiVersion v2", "formula: requires apiVersion v2",
                        "aggregator: applies to apiVersion v2 only");
    }

    @Test
    void unknownFieldsAndBadTypesNameTheField() {
        assertThat(problems(Map.of("query", "q", "qeury", "x"))).singleElement().asString().startsWith("qeury: unknown field");
        assertThat(problems(Map.of("query", 42))).containsExactly("query: must be a non-empty string");
        assertThat(problems(Map.of("apiVersion", "v2", "queries", Map.of("1a", "x"))))
                .containsExactly("queries.1a: the name must be a letter followed by letters, digits or _");
        assertThat(problems(Map.of("apiVersion", "v2", "queries", List.of("x"))))
                .anySatisfy(p -> assertThat(p).startsWith("queries: must be a non-empty map"));
    }

    @Test
    void fieldsWithArgPlaceholdersAreCheckedAtMeasurementTime() {
        assertThat(problems(Map.of("query", "sum:x{service:{{args.service}}}", "interval", "{{args.window}}")))
                .isEmpty();
        assertThat(problems(Map.of("apiVersion", "{{args.api}}", "query", "q", "aggregator", "{{args.agg}}")))
                .isEmpty();
        assertThat(problems(Map.of("apiVersion", "{{args.api}}", "interval", "soon", "query", "q")))
                .singleElement().asString().startsWith("interval: invalid duration \"soon\"");
    }

    @Test
    void argoSecretRefIsAccepted() {
        assertThat(problems(Map.of("query", "q", "secretRef", Map.of("name", "datadog", "namespaced", true)))).isEmpty();
    }
}
