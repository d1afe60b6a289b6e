package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MetricValue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatadogErrorsTest extends DatadogTestBase {
    private static final Map<String, Object> V1 = Map.of("query", "sum:errors{service:checkout}");
    private static final Map<String, Object> V2 = Map.of("apiVersion", "v2", "query", "sum:errors{service:checkout}");
    private static final String OK = "{\"status\":\"ok\",\"series\":[{\"scope\":\"*\",\"interval\":60,"
            + "\"pointlist\":[[" + (NOW.toEpochMilli() - 60_000) + ",0.25]]}]}";

    private void v1Answers(int status, String body) {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void badRequestCarriesDatadogsErrorTextAndIsNotRetried() {
        v1Answers(400, "{\"errors\":[\"Error parsing query: unable to parse sum:errors{: Rule 'scope_expr' didn't match\"]}");

        ProviderException e = failure(start(V1));

        assertThat(e.getMessage()).contains("HTTP 400", "Rule 'scope_expr' didn't match", "sum:errors{service:checkout}");
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/query")));
        assertThat(scheduler.delays()).isEmpty();
    }

    @Test
    void unauthorizedAndForbiddenSayWhichKeyToCheckWithoutShowingIt() {
        v1Answers(401, "{\"errors\":[\"Unauthorized\"]}");
        ProviderException unauthorized = failure(start(V1));
        server.resetAll();
        v1Answers(403, "{\"errors\":[\"Forbidden\"]}");
        ProviderException forbidden = failure(provider().measure(request(Map.of("query", "other"))));

        assertThat(unauthorized.getMessage()).contains("HTTP 401", "DD_API_KEY").doesNotContain(API_KEY, APP_KEY);
        assertThat(forbidden.getMessage()).contains("HTTP 403", "DD_APP_KEY", "Forbidden")
                .doesNotContain(API_KEY, APP_KEY);
    }

    @Test
    void anErrorStatusOnHttp200IsAFailure() {
        v1Answers(200, "{\"status\":\"error\",\"error\":\"Rate of metric query exceeded\",\"series\":[]}");

        assertThat(failure(start(V1)).getMessage()).contains("Rate of metric query exceeded");
    }

    @Test
    void errorsAsAStringUnderDataAreAFailure() {
        server.stubFor(post(urlPathEqualTo("/api/v2/query/scalar"))
                .willReturn(okJson("{\"data\":{\"type\":\"scalar_response\",\"errors\":\"unknown metric 'x'\"}}")));

        assertThat(failure(start(V2)).getMessage()).contains("unknown metric 'x'");
    }

    @Test
    void errorsAsATopLevelStringOnABadRequestAreReported() {
        server.stubFor(post(urlPathEqualTo("/api/v2/query/scalar")).willReturn(aResponse().withStatus(400)
                .withBody("{\"errors\":\"formula references unknown query c\"}")));

        assertThat(failure(start(V2)).getMessage()).contains("HTTP 400", "formula references unknown query c");
    }

    @Test
    void malformedJsonIsAFailureThatSaysSo() {
        v1Answers(200, "{\"status\":\"ok\",\"series\":[{");

        assertThat(failure(start(V1)).getMessage()).contains("malformed JSON");
    }

    @Test
    void serverErrorsAreRetriedWithBackoffOnTheInjectedScheduler() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"errors\":[\"Internal error\"]}"))
                .willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(OK)));

        CompletableFuture<MetricValue> future = start(V1);
        scheduler.awaitScheduled(1);
        assertThat(future).isNotDone();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(new MetricValue.Scalar(0.25));
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1));
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void retriesStopAfterMaxRetriesWithTheLastStatusInTheMessage() throws Exception {
        props.put("datadog.maxRetries", "2");
        v1Answers(503, "{\"errors\":[\"Service Unavailable\"]}");

        CompletableFuture<MetricValue> future = start(V1);
        scheduler.awaitScheduled(1);
        scheduler.advance(Duration.ofSeconds(1));
        scheduler.awaitScheduled(2);
        scheduler.advance(Duration.ofSeconds(2));

        assertThat(failure(future).getMessage()).contains("HTTP 503 after 3 attempts", "Service Unavailable");
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void requestTimeoutIsRetried() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(408)).willSetStateTo("fine"));
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("slow").whenScenarioStateIs("fine")
                .willReturn(okJson(OK)));

        CompletableFuture<MetricValue> future = start(V1);
        scheduler.awaitScheduled(1);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(new MetricValue.Scalar(0.25));
    }

    @Test
    void tooManyRequestsWaitsForTheRateLimitReset() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("limited").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Limit", "1600")
                        .withHeader("X-RateLimit-Period", "3600").withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", "7").withHeader("X-RateLimit-Name", "query")
                        .withBody("{\"errors\":[\"Rate limit exceeded\"]}"))
                .willSetStateTo("reset"));
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).inScenario("limited").whenScenarioStateIs("reset")
                .willReturn(okJson(OK)));

        CompletableFuture<MetricValue> future = start(V1);
        scheduler.awaitScheduled(1);
        scheduler.advance(Duration.ofSeconds(6));
        assertThat(future).isNotDone();
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(new MetricValue.Scalar(0.25));
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aResetLongerThanTheMaximumWaitFailsAtOnce() {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(429)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "1800")));

        ProviderException e = failure(start(V1));

        assertThat(e.getMessage()).contains("HTTP 429", "resets in 1800s");
        assertThat(scheduler.delays()).isEmpty();
    }

    @Test
    void aReadTimeoutFailsWithATimeoutMessage() {
        props.put("datadog.readTimeout", "150ms");
        props.put("datadog.maxRetries", "0");
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson(OK).withFixedDelay(3_000)));

        assertThat(failure(start(V1)).getMessage()).contains("timed out", "150ms");
    }

    @Test
    void ioErrorsAreRetriedAndThenReported() throws Exception {
        props.put("datadog.maxRetries", "1");
        server.stubFor(get(urlPathEqualTo("/api/v1/query"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        CompletableFuture<MetricValue> future = start(V1);
        scheduler.awaitScheduled(1);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(failure(future).getMessage()).contains("I/O error", "after 2 attempts");
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void anInvalidBlockFailsTheMeasurementNamingTheField() {
        ProviderException e = failure(start(Map.of("apiVersion", "v3", "query", "q")));

        assertThat(e.getMessage()).contains("apiVersion: must be v1 or v2");
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
