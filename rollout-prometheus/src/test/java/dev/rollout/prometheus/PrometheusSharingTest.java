package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MetricValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Equal questions share one request; different tenants, addresses or times never do. */
class PrometheusSharingTest extends PrometheusTestBase {

    private List<MetricValue> measureAll(List<Map<String, Object>> blocks) throws Exception {
        List<CompletableFuture<MetricValue>> futures = new ArrayList<>();
        for (Map<String, Object> block : blocks) {
            futures.add(start(block));
        }
        List<MetricValue> values = new ArrayList<>();
        for (CompletableFuture<MetricValue> future : futures) {
            values.add(future.get(10, TimeUnit.SECONDS));
        }
        return values;
    }

    @Test
    void oneHundredRolloutsAskingTheSameQueryInOneSlotShareOneRequest() throws Exception {
        answerJson(vector("0.01"));
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            blocks.add(block("sum(rate(errors[1m]))"));
        }

        List<MetricValue> values = measureAll(blocks);
        clock.add(Duration.ofSeconds(9));
        measure(block("sum(rate(errors[1m]))"));

        assertThat(values).hasSize(100).allSatisfy(v -> assertThat(v).isInstanceOf(MetricValue.Vector.class));
        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/query")));
        assertThat(provider().requestsStarted()).isEqualTo(1);
    }

    @Test
    void theNextSlotAsksAgain() throws Exception {
        answerJson(vector("0.01"));
        measure(block("q"));
        clock.add(Duration.ofSeconds(10));
        measure(block("q"));

        server.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void differentTenantHeadersNeverShareAnAnswer() throws Exception {
        answerJson(vector("0.01"));
        measureAll(List.of(
                block("q", "headers", List.of(Map.of("key", "X-Scope-OrgID", "value", "a"))),
                block("q", "headers", List.of(Map.of("key", "X-Scope-OrgID", "value", "b"))),
                block("q", "headers", List.of(Map.of("key", "X-Scope-OrgID", "value", "a")))));

        server.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void aFailureIsNotReused() throws Exception {
        props.put("prometheus.maxRetries", "0");
        answer(status(500, "{}"));
        failure(start(block("q")));
        answerJson(vector("1"));

        assertThat(measure(block("q"))).isInstanceOf(MetricValue.Vector.class);
        server.verify(2, postRequestedFor(urlPathEqualTo("/api/v1/query")));
    }
}
