package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MetricValue;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatadogRateLimitTest extends DatadogTestBase {

    private void answerWithBudget(int remaining, int resetSeconds) {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson("{\"status\":\"ok\",\"series\":[]}")
                .withHeader("X-RateLimit-Limit", "1600").withHeader("X-RateLimit-Period", "3600")
                .withHeader("X-RateLimit-Remaining", Integer.toString(remaining))
                .withHeader("X-RateLimit-Reset", Integer.toString(resetSeconds))
                .withHeader("X-RateLimit-Name", "query")));
    }

    @Test
    void plentyOfBudgetSendsAtOnce() throws Exception {
        answerWithBudget(1500, 3000);

        measure(Map.of("query", "a"));
        measure(Map.of("query", "b"));
        measure(Map.of("query", "c"));

        assertThat(scheduler.delays()).isEmpty();
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void aLowBudgetSpreadsTheRemainingRequestsUntilTheReset() throws Exception {
        answerWithBudget(2, 60);
        measure(Map.of("query", "a"));

        measure(Map.of("query", "b"));
        CompletableFuture<MetricValue> third = start(Map.of("query", "c"));
        scheduler.awaitScheduled(1);

        assertThat(third).isNotDone();
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(30));
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query")));
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(third.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.NoData.class);
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void anExhaustedBudgetQueuesUntilTheReset() throws Exception {
        answerWithBudget(0, 20);
        measure(Map.of("query", "a"));

        CompletableFuture<MetricValue> next = start(Map.of("query", "b"));
        scheduler.awaitScheduled(1);
        assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(20));
        scheduler.advance(Duration.ofSeconds(20));

        assertThat(next.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void aBudgetThatResetsTooLateFailsWithoutWaiting() throws Exception {
        answerWithBudget(0, 3600);
        measure(Map.of("query", "a"));

        assertThat(failure(start(Map.of("query", "b"))).getMessage())
                .contains("rate limit budget exhausted", "resets in 1h", "rateLimitMaxWait 2m");
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }
}
