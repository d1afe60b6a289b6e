package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MetricValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Results map as Argo maps them: vectors are lists, scalars numbers, empty vectors no data. */
class PrometheusResultMappingTest extends PrometheusTestBase {

    @Test
    void aVectorOfOneSampleIsAListSoResultZeroWorks() throws Exception {
        answerJson(vector("0.0123"));

        MetricValue value = measure(block("sum(rate(errors[5m]))"));

        assertThat(value).isEqualTo(new MetricValue.Vector(List.of(0.0123), List.of(Map.of("pod", "p0"))));
    }

    @Test
    void aVectorOfSeveralSamplesKeepsEveryValueInOrderWithItsLabels() throws Exception {
        answerJson(vector("0.1", "0.2", "0.3"));

        MetricValue.Vector value = (MetricValue.Vector) measure(block("rate(errors[5m])"));

        assertThat(value.values()).containsExactly(0.1, 0.2, 0.3);
        assertThat(value.tags()).extracting(t -> t.get("pod")).containsExactly("p0", "p1", "p2");
    }

    @Test
    void aScalarIsANumber() throws Exception {
        answerJson("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1767226200,\"0.97\"]}}");

        assertThat(measure(block("scalar(up)"))).isEqualTo(new MetricValue.Scalar(0.97));
    }

    @Test
    void aMatrixIsTheListOfAllItsSamplesSeriesAfterSeries() throws Exception {
        answerJson("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"pod\":\"a\"},\"values\":[[1,\"1\"],[2,\"2\"]]},"
                + "{\"metric\":{\"pod\":\"b\"},\"values\":[[1,\"3\"]]}]}}");

        MetricValue.Vector value = (MetricValue.Vector) measure(block("latency[1m]"));

        assertThat(value.values()).containsExactly(1.0, 2.0, 3.0);
        assertThat(value.tags()).extracting(t -> t.get("pod")).containsExactly("a", "a", "b");
    }

    @Test
    void anEmptyVectorIsNoData() throws Exception {
        answerJson(vector());

        assertThat(measure(block("absent_series"))).isInstanceOf(MetricValue.NoData.class)
                .extracting(v -> ((MetricValue.NoData) v).reason()).asString().contains("empty vector");
    }

    @Test
    void nanOnlyIsNoDataByDefault() throws Exception {
        answerJson(vector("NaN"));
        assertThat(measure(block("sum(rate(errors[5m])) / sum(rate(requests[5m]))")))
                .isInstanceOf(MetricValue.NoData.class);

        answerJson("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"NaN\"]}}");
        clock.add(java.time.Duration.ofSeconds(10));
        assertThat(measure(block("scalar(x)"))).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void withNanAsNoDataOffConditionsSeeNanAsInArgo() throws Exception {
        props.put("prometheus.nanAsNoData", "false");
        answerJson(vector("NaN"));

        MetricValue.Vector value = (MetricValue.Vector) measure(block("a / b"));

        assertThat((Double) value.values().get(0)).isNaN();
    }

    @Test
    void aNanAmongNumbersIsKept() throws Exception {
        answerJson(vector("0.5", "NaN"));

        MetricValue.Vector value = (MetricValue.Vector) measure(block("a / b"));

        assertThat(value.values().get(0)).isEqualTo(0.5);
        assertThat((Double) value.values().get(1)).isNaN();
    }

    @Test
    void infinitiesAreNumbersAsInPromQl() throws Exception {
        answerJson(vector("+Inf", "-Inf", "1e-05"));

        MetricValue.Vector value = (MetricValue.Vector) measure(block("histogram_quantile(0.99, x)"));

        assertThat(value.values()).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-5);
    }

    @Test
    void aStringResultIsAnErrorAsInArgo() {
        answerJson("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"hello\"]}}");

        assertThat(failure(start(block("\"hello\""))).getMessage())
                .contains("string result", "only vector, scalar and matrix");
    }

    @Test
    void aValueThatIsNotANumberIsAnError() {
        answerJson(vector("0x1p3"));

        assertThat(failure(start(block("q"))).getMessage()).contains("not a number");
    }

    @Test
    void anErrorStatusOnHttp200IsAnError() {
        answerJson("{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"query timed out\"}");

        assertThat(failure(start(block("q"))).getMessage()).contains("reported an error", "execution: query timed out");
    }

    @Test
    void aBadQueryNamesPrometheusReason() {
        answer(status(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 5\"}"));

        assertThat(failure(start(block("sum(("))).getMessage())
                .contains("rejected the query (HTTP 400)", "bad_data: parse error at char 5", "query 'sum(('");
        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void warningsDoNotFailTheMeasurement() throws Exception {
        answerJson("{\"status\":\"success\",\"warnings\":[\"partial response\"],\"data\":{\"resultType\":\"vector\","
                + "\"result\":[{\"metric\":{},\"value\":[1,\"2\"]}]}}");

        assertThat(measure(block("q"))).isEqualTo(MetricValue.Vector.of(List.of(2.0)));
    }

    @Test
    void theInstantQueryIsAFormPostAtTheMeasurementTimeWithTheTimeoutAndHeaders() throws Exception {
        answerJson(vector("1"));
        clock.add(java.time.Duration.ofMillis(7_250));

        measure(block("up", "timeout", 7L, "headers", List.of(Map.of("key", "X-Scope-OrgID", "value", "tenant-a"))));

        // 00:10:07.25 aligned down to the 10 s slot.
        server.verify(postRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withFormParam("query", equalTo("up"))
                .withFormParam("time", equalTo(Long.toString(NOW.getEpochSecond())))
                .withFormParam("timeout", equalTo("7s"))
                .withHeader("X-Scope-OrgID", equalTo("tenant-a"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded")));
    }

    @Test
    void anAddressWithAPathPrefixKeepsIt() throws Exception {
        server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/prometheus/api/v1/query"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(vector("3"))));

        assertThat(((MetricValue.Vector) measure(Map.of("address", server.baseUrl() + "/prometheus/", "query", "up")))
                .values()).containsExactly(3.0);
    }

    @Test
    void withoutAnAddressAnywhereTheMeasurementSaysWhereToSetIt() {
        assertThat(failure(start(Map.of("query", "up"))).getMessage())
                .contains("address", "ARGO_ROLLOUTS_PROMETHEUS_ADDRESS");
    }

    @Test
    void theConfiguredAddressServesBlocksWithoutOne() throws Exception {
        props.put("prometheus.address", server.baseUrl());
        answerJson(vector("4"));

        assertThat(((MetricValue.Vector) measure(Map.of("query", "up"))).values()).containsExactly(4.0);
    }
}
