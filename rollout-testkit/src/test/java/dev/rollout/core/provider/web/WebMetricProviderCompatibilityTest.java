package dev.rollout.core.provider.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.testkit.MetricProviderCompatibilityKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The web provider against WireMock (answers) and a loopback server that never answers (hangs). */
class WebMetricProviderCompatibilityTest extends MetricProviderCompatibilityKit {
    static WireMockServer server;
    static HangingServer hanging;
    private final WebMetricProvider provider = new WebMetricProvider();

    @BeforeAll
    static void start() throws Exception {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        hanging = new HangingServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        hanging.close();
    }

    private static Map<String, Object> answering(String path, int status, String body) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
        return Map.of("url", "http://127.0.0.1:" + server.port() + path, "jsonPath", "$.v",
                "headers", List.of(Map.of("key", "Authorization", "value", MARKER.reveal())));
    }

    @Override
    protected MetricProvider provider() {
        return provider;
    }

    @Override
    protected Map<String, Object> scalar(double value) {
        return answering("/scalar-" + value, 200, "{\"v\": " + value + "}");
    }

    @Override
    protected Map<String, Object> vector(List<Double> values) {
        return answering("/vector", 200, "{\"v\": " + values.stream().map(String::valueOf)
                .collect(Collectors.joining(",", "[", "]")) + "}");
    }

    @Override
    protected Map<String, Object> noData() {
        return answering("/none", 200, "{\"v\": null}");
    }

    @Override
    protected Map<String, Object> error() {
        return answering("/error", 500, "token " + MARKER.reveal() + " rejected");
    }

    @Override
    protected Map<String, Object> hang() {
        return Map.of("url", hanging.newHang(), "timeoutSeconds", 60);
    }

    @Override
    protected boolean hangStopped(Duration within) throws InterruptedException {
        return hanging.awaitClientClose(within);
    }
}
