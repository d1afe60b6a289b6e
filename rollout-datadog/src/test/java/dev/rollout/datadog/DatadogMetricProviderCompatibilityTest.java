package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
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
 * The Datadog provider passes the published provider contract: WireMock answers as Datadog's v1
 * API does, and a loopback server that never answers shows that cancellation closes the request.
 */
class DatadogMetricProviderCompatibilityTest extends MetricProviderCompatibilityKit {
    private static WireMockServer server;
    private static HangingBackend hanging;
    private DatadogMetricProvider answering;
    private DatadogMetricProvider silent;
    private DatadogMetricProvider next;
    private OkHttpClient silentHttp;
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
    void createProviders() {
        server.resetAll();
        answering = new DatadogMetricProvider(config(server.baseUrl()));
        idle = new CountDownLatch(1);
        silentHttp = new OkHttpClient();
        silentHttp.dispatcher().setIdleCallback(() -> idle.countDown());
        silent = DatadogMetricProvider.builder(config(hanging.url())).httpClient(silentHttp).build();
        next = answering;
    }

    @AfterEach
    void closeProviders() {
        answering.close();
        silent.close();
        silentHttp.dispatcher().executorService().shutdown();
    }

    private static DatadogConfig config(String site) {
        Map<String, String> props = Map.of("datadog.apiKey", "kit-api-key", "datadog.applicationKey", "kit-app-key",
                "datadog.site", site, "datadog.readTimeout", "60s");
        return props::get;
    }

    /** The provider the last block was set up for: the hanging backend only answers {@link #hang()}. */
    @Override
    protected MetricProvider provider() {
        return next;
    }

    private Map<String, Object> answer(String query, String body) {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(query))
                .willReturn(okJson(body)));
        next = answering;
        return Map.of("query", query);
    }

    private static String series(double value) {
        return "{\"scope\":\"host:h" + (int) (value * 10) + "\",\"interval\":60,\"pointlist\":[[0," + value + "]]}";
    }

    @Override
    protected Map<String, Object> scalar(double value) {
        return answer("scalar-" + value, "{\"status\":\"ok\",\"series\":[" + series(value) + "]}");
    }

    @Override
    protected Map<String, Object> vector(List<Double> values) {
        return answer("vector", "{\"status\":\"ok\",\"series\":["
                + values.stream().map(DatadogMetricProviderCompatibilityTest::series).collect(Collectors.joining(","))
                + "]}");
    }

    @Override
    protected Map<String, Object> noData() {
        return answer("none", "{\"status\":\"ok\",\"series\":[]}");
    }

    @Override
    protected Map<String, Object> error() {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("error " + MARKER.reveal()))
                .willReturn(aResponse().withStatus(400).withBody("{\"errors\":[\"cannot parse " + MARKER.reveal() + "\"]}")));
        next = answering;
        return Map.of("query", "error " + MARKER.reveal());
    }

    @Override
    protected Map<String, Object> hang() {
        next = silent;
        return Map.of("query", "hang");
    }

    /**
     * The hung request stopped when the HTTP client runs no call any more and every connection
     * the backend accepted was closed by the client (a call cancelled before it connected opens none).
     */
    @Override
    protected boolean hangStopped(Duration within) throws InterruptedException {
        boolean clientIdle = silentHttp.dispatcher().runningCallsCount() == 0
                || idle.await(within.toMillis(), TimeUnit.MILLISECONDS);
        return clientIdle && silentHttp.dispatcher().runningCallsCount() == 0 && hanging.awaitAllClosed(within);
    }
}
