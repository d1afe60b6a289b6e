package dev.rollout.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rollout.api.MockClock;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.http.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
        return new MeasurementRequest("default/checkout", "checkout-2-step1", "error-rate", block,
                clock.instant(), metricInterval, Duration.ofSeconds(30), List.of());
    }

    CompletableFuture<MetricValue> start(Map<String, Object> block) {
        return provider().measure(request(block));
    }

    MetricValue measure(Map<String, Object> block) throws Exception {
        return start(block).get(10, TimeUnit.SECONDS);
    }

    ProviderException failure(CompletableFuture<MetricValue> future) {
        Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) thrown.getCause();
    }

    static long seconds(Instant instant) {
        return instant.getEpochSecond();
    }
}
