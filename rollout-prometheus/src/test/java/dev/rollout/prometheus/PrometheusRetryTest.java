package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.rollout.api.analysis.MetricValue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Retries with backoff, and {@code Retry-After} of a 429 or 503, all on virtual time. */
class PrometheusRetryTest extends PrometheusTestBase {

    private void failOnceThenAnswer(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder first) {
        server.stubFor(WireMock.post(urlPathEqualTo("/api/v1/query")).inScenario("once").whenScenarioStateIs(STARTED)
                .willReturn(first).willSetStateTo("answered"));
        server.stubFor(WireMock.post(urlPathEqualTo("/api/v1/query")).inScenario("once").whenScenarioStateIs("answered")
                .willReturn(WireMock.okJson(vector("0.5"))));
    }

    @Test
    void a503IsRetriedAfterTheBackoff() throws Exception {
        failOnceThenAnswer(status(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"busy\"}"));

        CompletableFuture<MetricValue> value = start(block("q"));
        scheduler.awaitScheduled(1);
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(value.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.Vector.class);
        server.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void a429WaitsForItsRetryAfterAndSoDoRequestsStartedMeanwhile() throws Exception {
        failOnceThenAnswer(status(429, "").withHeader("Retry-After", "20"));

        CompletableFuture<MetricValue> first = start(block("q"));
        scheduler.awaitScheduled(1);
        CompletableFuture<MetricValue> second = start(block("other"));
        scheduler.awaitScheduled(2);

        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(20), Duration.ofSeconds(20));
        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/query")));
        scheduler.advance(Duration.ofSeconds(20));
        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.Vector.class);
        assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.Vector.class);
    }

    @Test
    void aRetryAfterLongerThanTheMaximumWaitFailsAtOnceSayingSo() {
        answer(status(429, "").withHeader("Retry-After", "3600"));

        String message = failure(start(block("q"))).getMessage();

        assertThat(message).contains("HTTP 429", "retry after 3600s");
        assertThat(scheduler.delays()).isEmpty();
        assertThat(failure(start(block("other"))).getMessage()).contains("asked to retry after 1h", "rateLimitMaxWait 2m");
        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void aBodyOverTheLimitFails() {
        props.put("prometheus.maxResponseMegabytes", "1");
        answerJson("{\"status\":\"success\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");

        assertThat(failure(start(block("q"))).getMessage()).contains("response body larger than 1 MB");
    }
}
