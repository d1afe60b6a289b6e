package dev.rollout.datadog;


import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rollout.api.MockClock;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.http.testing.ManualScheduler;
import dev.rollout.http.testing.Measurements;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock server standing in for Datadog, a provider on virtual time, and request helpers. */
abstract class DatadogTestBase {
    static final String API_KEY = "api-key-0123456789abcdef";
    static final String APP_KEY = "app-key-fedcba9876543210";
    /** 2026-01-01T00:10:00Z, a multiple of the default 10 s window alignment. */
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    static WireMockServer server;
    MockClock clock;
    ManualScheduler scheduler;
    final Map<String, String> props = new HashMap<>();
    DatadogMetricProvider provider;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
        clock = new MockClock(NOW);
        scheduler = new ManualScheduler(clock);
        props.put("datadog.apiKey", API_KEY);
        props.put("datadog.applicationKey", APP_KEY);
        props.put("datadog.site", server.baseUrl());
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    DatadogConfig config() {
        return props::get;
    }

    DatadogMetricProvider provider() {
        if (provider == null) {
            provider = DatadogMetricProvider.builder(config()).clock(clock).scheduler(scheduler).build();
        }
        return provider;
    }

    MeasurementRequest request(Map<String, Object> block) {
        return request(block, Optional.empty());
    }

    MeasurementRequest request(Map<String, Object> block, Optional<Duration> metricInterval) {
        return Measurements.request(block, clock.instant(), metricInterval, List.of());
    }

    CompletableFuture<MetricValue> start(Map<String, Object> block) {
        return provider().measure(request(block));
    }

    MetricValue measure(Map<String, Object> block) throws Exception {
        return Measurements.value(start(block));
    }

    ProviderException failure(CompletableFuture<MetricValue> future) {
        return Measurements.failure(future);
    }

    static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
