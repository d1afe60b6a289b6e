package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rollout.api.MockClock;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.http.testing.ManualScheduler;
import dev.rollout.http.testing.Measurements;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock server standing in for Prometheus, a provider on virtual time, and request helpers. */
abstract class PrometheusTestBase {
    /** 2026-01-01T00:10:00Z, a multiple of the default 10 s alignment. */
    static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    static WireMockServer server;
    MockClock clock;
    ManualScheduler scheduler;
    final Map<String, String> props = new HashMap<>();
    PrometheusMetricProvider provider;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
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
    }

    @AfterEach
    void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    PrometheusMetricProvider provider() {
        if (provider == null) {
            provider = PrometheusMetricProvider.builder(props::get).clock(clock).scheduler(scheduler).build();
        }
        return provider;
    }

    /** A block asking {@code query} of the WireMock server, with {@code extra} fields. */
    static Map<String, Object> block(String query, Object... extra) {
        Map<String, Object> block = new LinkedHashMap<>();
        block.put("address", server.baseUrl());
        block.put("query", query);
        for (int i = 0; i < extra.length; i += 2) {
            block.put((String) extra[i], extra[i + 1]);
        }
        return block;
    }

    MeasurementRequest request(Map<String, Object> block, Secret... secrets) {
        return Measurements.request(block, clock.instant(), Optional.empty(), List.of(secrets));
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

    static void answer(ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo("/api/v1/query")).willReturn(response));
    }

    static void answerJson(String body) {
        answer(okJson(body));
    }

    static ResponseDefinitionBuilder status(int code, String body) {
        return aResponse().withStatus(code).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** A vector body with one sample per value, labelled {@code pod="p<i>"}. */
    static String vector(String... values) {
        StringBuilder samples = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            samples.append(i == 0 ? "" : ",").append("{\"metric\":{\"pod\":\"p").append(i)
                    .append("\"},\"value\":[1767226200,\"").append(values[i]).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + samples + "]}}";
    }
}
