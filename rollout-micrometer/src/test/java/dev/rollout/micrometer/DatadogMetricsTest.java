package dev.rollout.micrometer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rollout.api.MockClock;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.datadog.DatadogConfig;
import dev.rollout.datadog.DatadogMetricProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Datadog's requests and 429s, counted by provider, against WireMock. */
class DatadogMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockClock clock = new MockClock(Instant.parse("2026-01-01T00:10:00Z"));
    private WireMockServer server;
    private DatadogMetricProvider provider;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Map<String, String> props = Map.of("datadog.apiKey", "api-key-0123456789abcdef",
                "datadog.applicationKey", "app-key-fedcba9876543210", "datadog.site", server.baseUrl(),
                // The 429 is the final answer, so no retry waits on the scheduler.
                "datadog.maxRetries", "0");
        DatadogConfig config = props::get;
        provider = DatadogMetricProvider.builder(config).clock(clock).scheduler(new VirtualScheduler(clock))
                .metrics(new MicrometerRolloutMetrics(registry)).build();
    }

    @AfterEach
    void stop() {
        provider.close();
        server.stop();
    }

    @Test
    void a429IsCountedAsARequestAndAsRateLimited() throws Exception {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("limited"))
                .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "30")
                        .withBody("{\"errors\":[\"Rate limit of 1600 requests in 3600 seconds reached\"]}")));
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("fine"))
                .willReturn(okJson("{\"status\":\"ok\",\"series\":[]}")));

        // The fine one first: after a 429 the provider holds later requests until the reset.
        MetricValue fine = measure("fine").get(10, TimeUnit.SECONDS);
        Throwable limited = catchThrowable(() -> measure("limited").get(10, TimeUnit.SECONDS));

        assertThat(limited).isInstanceOf(ExecutionException.class).cause().isInstanceOf(ProviderException.class);
        assertThat(fine).isInstanceOf(MetricValue.NoData.class);
        assertThat(registry.get("rollout.provider.rate.limited").tag("provider", "datadog").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("rollout.provider.requests")
                .tags("provider", "datadog", "status", "429", "outcome", "CLIENT_ERROR").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("rollout.provider.requests")
                .tags("provider", "datadog", "status", "200", "outcome", "SUCCESS").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("rollout.provider.request.duration").tag("provider", "datadog").timer().count())
                .isEqualTo(2);
    }

    private CompletableFuture<MetricValue> measure(String query) {
        return provider.measure(new MeasurementRequest("shop/checkout", "checkout-2-step1", "error-rate",
                Map.of("query", query), clock.instant(), Optional.empty(), Duration.ofSeconds(30), List.of()));
    }
}
