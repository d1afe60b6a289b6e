package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MetricValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatadogV2Test extends DatadogTestBase {
    private static final long TO = NOW.toEpochMilli();
    private static final long FROM = TO - 300_000;

    private void answer(String columns) {
        server.stubFor(post(urlEqualTo("/api/v2/query/scalar")).willReturn(okJson(
                "{\"data\":{\"type\":\"scalar_response\",\"attributes\":{\"columns\":[" + columns + "]}}}")));
    }

    @Test
    void postsAScalarRequestInMillisecondsWithTheLastAggregatorByDefault() throws Exception {
        answer("{\"name\":\"query\",\"type\":\"number\",\"values\":[0.004]}");

        MetricValue value = measure(Map.of("apiVersion", "v2", "query", "sum:errors{service:checkout}.as_rate()"));

        assertThat(value).isEqualTo(new MetricValue.Scalar(0.004));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v2/query/scalar"))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APP_KEY))
                .withHeader("Content-Type", matching("application/json.*"))
                .withRequestBody(equalToJson("{\"data\":{\"type\":\"scalar_request\",\"attributes\":{"
                        + "\"from\":" + FROM + ",\"to\":" + TO + ",\"queries\":[{\"data_source\":\"metrics\","
                        + "\"name\":\"query\",\"query\":\"sum:errors{service:checkout}.as_rate()\","
                        + "\"aggregator\":\"last\"}],\"formulas\":[{\"formula\":\"query\"}]}}}")));
    }

    @Test
    void sendsSeveralNamedQueriesAFormulaAndTheAggregator() throws Exception {
        answer("{\"name\":\"a\",\"type\":\"number\",\"values\":[12.0]},"
                + "{\"name\":\"b\",\"type\":\"number\",\"values\":[1000.0]},"
                + "{\"name\":\"a / b\",\"type\":\"number\",\"values\":[0.012]}");

        MetricValue value = measure(Map.of("apiVersion", "v2", "interval", "10m", "aggregator", "sum",
                "queries", Map.of("a", "sum:errors{*}.as_count()", "b", "sum:hits{*}.as_count()"),
                "formula", "a / b"));

        assertThat(value).isEqualTo(new MetricValue.Scalar(0.012));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v2/query/scalar"))
                .withRequestBody(equalToJson("{\"data\":{\"type\":\"scalar_request\",\"attributes\":{"
                        + "\"from\":" + (TO - 600_000) + ",\"to\":" + TO + ",\"queries\":["
                        + "{\"data_source\":\"metrics\",\"name\":\"a\",\"query\":\"sum:errors{*}.as_count()\","
                        + "\"aggregator\":\"sum\"},"
                        + "{\"data_source\":\"metrics\",\"name\":\"b\",\"query\":\"sum:hits{*}.as_count()\","
                        + "\"aggregator\":\"sum\"}],\"formulas\":[{\"formula\":\"a / b\"}]}}}")));
    }

    @Test
    void groupColumnsGiveEachValueItsTags() throws Exception {
        answer("{\"name\":\"env\",\"type\":\"group\",\"values\":[[\"prod\"],[\"canary\"]]},"
                + "{\"name\":\"region\",\"type\":\"group\",\"values\":[[\"eu\"],[\"us\",\"ap\"]]},"
                + "{\"name\":\"query\",\"type\":\"number\",\"values\":[0.01,null]}");

        MetricValue value = measure(Map.of("apiVersion", "v2", "query", "avg:latency{*} by {env,region}"));

        assertThat(value).isInstanceOf(MetricValue.Vector.class);
        MetricValue.Vector vector = (MetricValue.Vector) value;
        assertThat(vector.values()).containsExactly(0.01, null);
        assertThat(vector.tags()).containsExactly(Map.of("env", "prod", "region", "eu"),
                Map.of("env", "canary", "region", "us,ap"));
    }

    @Test
    void aSingleNullValueIsNoDataNotZero() throws Exception {
        answer("{\"name\":\"query\",\"type\":\"number\",\"values\":[null]}");

        assertThat(measure(Map.of("apiVersion", "v2", "query", "q"))).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void emptyColumnsOrValuesAreNoData() throws Exception {
        answer("");
        assertThat(measure(Map.of("apiVersion", "v2", "query", "q1"))).isInstanceOf(MetricValue.NoData.class);

        answer("{\"name\":\"query\",\"type\":\"number\",\"values\":[]}");
        assertThat(measure(Map.of("apiVersion", "v2", "query", "q2"))).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void namedQueriesWithoutAnApiVersionMeanV2() throws Exception {
        answer("{\"name\":\"a\",\"type\":\"number\",\"values\":[3.0]}");

        assertThat(measure(Map.of("queries", Map.of("a", "sum:x{*}")))).isEqualTo(new MetricValue.Scalar(3.0));
        server.verify(1, postRequestedFor(urlEqualTo("/api/v2/query/scalar")));
    }

    @Test
    void theDefaultApiVersionIsConfigurable() throws Exception {
        props.put("datadog.defaultApiVersion", "v2");
        answer("{\"name\":\"query\",\"type\":\"number\",\"values\":[1.5]}");

        assertThat(measure(Map.of("query", "sum:x{*}"))).isEqualTo(new MetricValue.Scalar(1.5));
    }
}
