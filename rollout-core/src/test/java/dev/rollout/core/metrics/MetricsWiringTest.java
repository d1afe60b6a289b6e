package dev.rollout.core.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.core.provider.web.WebMetricProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What core reports through the metrics SPI, recorded by a fake (deploy events: DeployMetricsTest);
 * and that core needs no Micrometer.
 */
class MetricsWiringTest {

    /** Records every call as a line. */
    static final class Recording implements RolloutMetrics {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void measured(String provider, AnalysisPhase phase, Duration latency) {
            calls.add("measured " + provider + " " + phase);
        }

        @Override
        public void providerRequest(String provider, int status, Duration latency) {
            calls.add("request " + provider + " " + status);
        }
    }

    @Test
    void coreTestsRunWithoutMicrometerOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(RolloutMetrics.NOOP.rolloutListener()).isNotNull();
    }

    @Test
    void theWebProviderReportsEveryAnswerWithItsStatus() throws Exception {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(get(urlEqualTo("/ok")).willReturn(aResponse().withBody("{\"v\": 1}")));
            server.stubFor(get(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429)));
            Recording metrics = new Recording();
            WebMetricProvider web = WebMetricProvider.builder().metrics(metrics).build();

            web.measure(request(server, "/ok")).get(10, TimeUnit.SECONDS);
            assertThat(web.measure(request(server, "/busy"))).failsWithin(10, TimeUnit.SECONDS);

            assertThat(metrics.calls).containsExactly("request web 200", "request web 429");
        } finally {
            server.stop();
        }
    }

    private static MeasurementRequest request(WireMockServer server, String path) {
        return new MeasurementRequest("shop/checkout", "run", "m",
                Map.of("url", "http://127.0.0.1:" + server.port() + path, "jsonPath", "{$.v}"),
                Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), Duration.ofSeconds(10), List.of());
    }
}
