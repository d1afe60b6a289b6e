package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MetricValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatadogV1Test extends DatadogTestBase {
    private static final Map<String, Object> BLOCK = Map.of("query", "sum:requests.error.rate{service:checkout}");
    private static final long TO_MS = NOW.toEpochMilli();

    private void answer(String json) {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(json)));
    }

    /** A series with 60 s buckets ending at the window end; the last bucket starts at the end and is partial. */
    private static String series(String scope, String tagSet, String... values) {
        StringBuilder points = new StringBuilder();
        long start = TO_MS - 60_000L * (values.length - 1);
        for (int i = 0; i < values.length; i++) {
            points.append(i == 0 ? "" : ",").append('[').append(start + 60_000L * i).append(',').append(values[i]).append(']');
        }
        return "{\"metric\":\"requests.error.rate\",\"scope\":\"" + scope + "\",\"interval\":60,\"tag_set\":"
                + tagSet + ",\"expression\":\"sum:requests.error.rate{" + scope + "}\",\"pointlist\":[" + points + "]}";
    }

    @Test
    void sendsAGetWithSecondsAndTheKeysInHeadersOnly() throws Exception {
        answer("{\"status\":\"ok\",\"series\":[" + series("service:checkout", "[]", "0.01", "0.02") + "]}");

        measure(BLOCK);

        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("from", equalTo(Long.toString(seconds(NOW) - 300)))
                .withQueryParam("to", equalTo(Long.toString(seconds(NOW))))
                .withQueryParam("query", equalTo("sum:requests.error.rate{service:checkout}"))
                .withQueryParam("api_key", absent())
                .withQueryParam("application_key", absent())
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APP_KEY)));
        assertThat(server.getAllServeEvents().get(0).getRequest().getUrl()).doesNotContain(API_KEY, APP_KEY);
    }

    @Test
    void takesTheLastCompletePointNotThePartialBucketAtTheWindowEnd() throws Exception {
        // Buckets start at end-120 s, end-60 s and end; the last one has not finished filling.
        answer("{\"status\":\"ok\",\"series\":[" + series("service:checkout", "[]", "0.01", "0.02", "0.9") + "]}");

        assertThat(measure(BLOCK)).isEqualTo(new MetricValue.Scalar(0.02));
    }

    @Test
    void pointsAllAnswersEveryCompletePointOfEverySeriesAsASeriesForTheJudge() throws Exception {
        answer("{\"status\":\"ok\",\"series\":[" + series("host:a", "[]", "10", "null", "12", "99")
                + "," + series("host:b", "[]", "11", "13", "98") + "]}");

        MetricValue value = measure(Map.of("query", "avg:latency{service:checkout} by {host}", "points", "all"));

        // Nulls are skipped, the partial last bucket of each series too.
        assertThat(value).isInstanceOf(MetricValue.Vector.class);
        assertThat(((MetricValue.Vector) value).values()).containsExactly(10.0, 12.0, 11.0, 13.0);
    }

    @Test
    void pointsAllIsForV1Only() {
        assertThat(provider().validate(Map.of("apiVersion", "v2", "queries", Map.of("a", "q"), "points", "all")))
                .anyMatch(p -> p.startsWith("points: all applies to apiVersion v1 only"));
        assertThat(provider().validate(Map.of("query", "q", "points", "every")))
                .anyMatch(p -> p.startsWith("points: must be all"));
    }

    @Test
    void lastSelectionTakesThePartialBucketWhenConfigured() throws Exception {
        props.put("datadog.pointSelection", "last");
        answer("{\"status\":\"ok\",\"series\":[" + series("service:checkout", "[]", "0.01", "0.02", "0.9") + "]}");

        assertThat(measure(BLOCK)).isEqualTo(new MetricValue.Scalar(0.9));
    }

    @Test
    void anIngestionDelayMovesTheCompletionCutOffBack() throws Exception {
        props.put("datadog.ingestionDelay", "1m");
        answer("{\"status\":\"ok\",\"series\":[" + series("service:checkout", "[]", "0.01", "0.02", "0.9") + "]}");

        // The bucket ending at the window end is too recent now; the one before it is taken.
        assertThat(measure(BLOCK)).isEqualTo(new MetricValue.Scalar(0.01));
    }

    @Test
    void skipsTrailingNullPointsAndNeverReadsThemAsZero() throws Exception {
        answer("{\"status\":\"ok\",\"series\":[" + series("*", "[]", "0.03", "null", "null") + "]}");

        assertThat(measure(BLOCK)).isEqualTo(new MetricValue.Scalar(0.03));
    }

    @Test
    void onlyNullPointsIsNoData() throws Exception {
        answer("{\"status\":\"ok\",\"series\":[" + series("*", "[]", "null", "null") + "]}");

        assertThat(measure(BLOCK)).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void noSeriesIsNoData() throws Exception {
        answer("{\"status\":\"ok\",\"res_type\":\"time_series\",\"series\":[],\"query\":\"q\"}");

        MetricValue value = measure(BLOCK);

        assertThat(value).isInstanceOf(MetricValue.NoData.class);
        assertThat(((MetricValue.NoData) value).reason()).contains("no series");
    }

    @Test
    void severalSeriesBecomeAVectorWithEachSeriesTags() throws Exception {
        answer("{\"status\":\"ok\",\"series\":["
                + series("service:checkout,env:prod", "[\"service:checkout\",\"env:prod\"]", "0.01", "0.02") + ","
                + series("service:checkout,env:canary", "[]", "0.05", "0.07") + ","
                + series("service:checkout,env:dev", "[\"env:dev\"]", "null", "null") + "]}");

        MetricValue value = measure(BLOCK);

        assertThat(value).isInstanceOf(MetricValue.Vector.class);
        MetricValue.Vector vector = (MetricValue.Vector) value;
        assertThat(vector.values()).containsExactly(0.01, 0.05, null);
        assertThat(vector.tags()).containsExactly(
                Map.of("service", "checkout", "env", "prod"),
                Map.of("service", "checkout", "env", "canary"),
                Map.of("env", "dev"));
    }

    @Test
    void withoutAnIntervalFieldTheBucketIsTheSpacingOfThePoints() throws Exception {
        long end = TO_MS;
        answer("{\"status\":\"ok\",\"series\":[{\"scope\":\"*\",\"pointlist\":[[" + (end - 40_000) + ",1.0],["
                + (end - 20_000) + ",2.0],[" + (end - 10_000) + ",3.0]]}]}");

        // Buckets are 10 s wide: the one starting at end-10 s ends exactly at the window end.
        assertThat(measure(BLOCK)).isEqualTo(new MetricValue.Scalar(3.0));
    }

    @Test
    void windowComesFromTheBlockThenTheMetricThenFiveMinutes() throws Exception {
        answer("{\"status\":\"ok\",\"series\":[]}");

        provider().measure(request(Map.of("query", "q1", "interval", "10m"), Optional.of(Duration.ofMinutes(1))))
                .get(10, TimeUnit.SECONDS);
        provider().measure(request(Map.of("query", "q2"), Optional.of(Duration.ofMinutes(2))))
                .get(10, TimeUnit.SECONDS);
        provider().measure(request(Map.of("query", "q3"), Optional.empty())).get(10, TimeUnit.SECONDS);

        for (var expected : List.of(Map.entry("q1", 600), Map.entry("q2", 120), Map.entry("q3", 300))) {
            server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/query"))
                    .withQueryParam("query", equalTo(expected.getKey()))
                    .withQueryParam("from", equalTo(Long.toString(seconds(NOW) - expected.getValue()))));
        }
    }

    @Test
    void theWindowEndIsAlignedDownSoRolloutsMeasuringMomentsApartAskTheSameQuestion() throws Exception {
        answer("{\"status\":\"ok\",\"series\":[" + series("*", "[]", "0.01", "0.02") + "]}");

        clock.add(Duration.ofSeconds(7));
        measure(BLOCK);

        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("to", equalTo(Long.toString(seconds(NOW)))));
    }
}
