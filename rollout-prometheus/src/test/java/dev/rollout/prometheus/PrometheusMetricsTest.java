package dev.rollout.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.RolloutMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The builder's metrics hear of every HTTP attempt, as Datadog's do. */
class PrometheusMetricsTest extends PrometheusTestBase {

    @Test
    void everyAttemptIsRecordedAsProviderPrometheusWithItsStatus() throws Exception {
        List<String> recorded = new CopyOnWriteArrayList<>();
        RolloutMetrics metrics = new RolloutMetrics() {
            @Override
            public void providerRequest(String provider, int status, Duration latency) {
                recorded.add(provider + " " + status);
            }
        };
        provider = PrometheusMetricProvider.builder(props::get).clock(clock).scheduler(scheduler)
                .metrics(metrics).build();
        server.stubFor(WireMock.post(WireMock.urlPathEqualTo("/api/v1/query")).inScenario("once")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(status(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"busy\"}"))
                .willSetStateTo("answered"));
        server.stubFor(WireMock.post(WireMock.urlPathEqualTo("/api/v1/query")).inScenario("once")
                .whenScenarioStateIs("answered").willReturn(WireMock.okJson(vector("0.5"))));

        CompletableFuture<MetricValue> value = start(block("q"));
        scheduler.awaitScheduled(1);
        scheduler.advance(Duration.ofSeconds(1));

        assertThat(value.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.Vector.class);
        assertThat(recorded).containsExactly("prometheus 503", "prometheus 200");
    }
}
