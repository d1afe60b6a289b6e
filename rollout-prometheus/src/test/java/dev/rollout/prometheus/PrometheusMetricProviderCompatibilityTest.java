package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.http.testing.HangingBackend;
import dev.rollout.testkit.MetricProviderCompatibilityKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Prometheus provider passes the published provider contract: WireMock answers as
 * Prometheus' {@code /api/v1/query} does (a scalar result for the scalar case, a vector for the
 * vector case), and a loopback server that never answers shows that cancellation closes the request.
 */
class PrometheusMetricProviderCompatibilityTest extends MetricProviderCompatibilityKit {
    private static WireMockServer server;
    private static HangingBackend hanging;
    private PrometheusMetricProvider provider;
    private OkHttpClient http;
    private volatile CountDownLatch idle;

    @BeforeAll
    static void startServers() throws Exception {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        hanging = new HangingBackend();
    }

    @AfterAll
    static void stopServers() throws Exception {
        server.stop();
        hanging.close();
    }

    @BeforeEach
    void createProvider() {
        server.resetAll();
        idle = new CountDownLatch(1);
        http = new OkHttpClient();
        http.dispatcher().setIdleCallback(() -> idle.countDown());
        Map<String, String> props = Map.of("prometheus.callTimeout", "60s");
        provider = PrometheusMetricProvider.builder(props::get).httpClient(http).build();
    }

    @AfterEach
    void closeProvider() {
        provider.close();
        http.dispatcher().executorService().shutdown();
    }

    @Override
    protected MetricProvider provider() {
        return provider;
    }

    private static Map<String, Object> answer(String query, String body) {
        server.stubFor(post(urlPathEqualTo("/api/v1/query")).withFormParam("query", equalTo(query))
                .willReturn(okJson(body)));
        return Map.of("address", server.baseUrl(), "query", query);
    }

    @Override
    protected Map<String, Object> scalar(double value) {
        return answer("scalar(" + value + ")", "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1767226200,\"" + value + "\"]}}");
    }

    @Override
    protected Map<String, Object> vector(List<Double> values) {
        return answer("vector", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + values.stream().map(v -> "{\"metric\":{\"pod\":\"" + v + "\"},\"value\":[1,\"" + v + "\"]}")
                        .collect(Collectors.joining(",")) + "]}}");
    }

    @Override
    protected Map<String, Object> noData() {
        return answer("none", "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    }

    @Override
    protected Map<String, Object> error() {
        String query = "error " + MARKER.reveal();
        server.stubFor(post(urlPathEqualTo("/api/v1/query")).withFormParam("query", equalTo(query))
                .willReturn(aResponse().withStatus(400).withBody("{\"status\":\"error\",\"errorType\":\"bad_data\","
                        + "\"error\":\"cannot parse " + MARKER.reveal() + "\"}")));
        return Map.of("address", server.baseUrl(), "query", query);
    }

    @Override
    protected Map<String, Object> hang() {
        return Map.of("address", hanging.url(), "query", "hang");
    }

    /** The hung request stopped when the client runs no call and the backend saw every connection closed. */
    @Override
    protected boolean hangStopped(Duration within) throws InterruptedException {
        boolean clientIdle = http.dispatcher().runningCallsCount() == 0
                || idle.await(within.toMillis(), TimeUnit.MILLISECONDS);
        return clientIdle && http.dispatcher().runningCallsCount() == 0 && hanging.awaitAllClosed(within);
    }
}
