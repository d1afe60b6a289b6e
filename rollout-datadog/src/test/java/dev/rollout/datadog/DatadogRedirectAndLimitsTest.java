package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects are refused naming only the host; whole-call timeouts and body limits say what happened. */
class DatadogRedirectAndLimitsTest extends DatadogTestBase {
    private WireMockServer elsewhere;

    @BeforeEach
    void startElsewhere() {
        elsewhere = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        elsewhere.start();
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"series\":[]}")));
        props.put("datadog.maxRetries", "0");
    }

    @AfterEach
    void stopElsewhere() {
        elsewhere.stop();
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndTheKeysStayHome() {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + elsewhere.port() + "/api/v1/query?k=" + API_KEY)));

        String message = failure(start(Map.of("query", "avg:errors{*}"))).getMessage();

        assertThat(message).contains("HTTP 302 redirecting to another host (localhost:" + elsewhere.port() + ")",
                "redirects are not followed").doesNotContain(API_KEY, APP_KEY);
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl())).size()).isZero();
    }

    @Test
    void theCallTimeoutBoundsADrippedBody() {
        props.put("datadog.callTimeout", "300ms");
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(okJson("{\"series\":[]}" + " ".repeat(50))
                .withChunkedDribbleDelay(50, 5_000)));
        long started = System.nanoTime();

        String message = failure(start(Map.of("query", "avg:errors{*}"))).getMessage();

        assertThat(message).contains("timed out (call timeout 300ms)");
        assertThat(System.nanoTime() - started).isLessThan(4_000_000_000L);
    }

    @Test
    void aBodyOverTheLimitSaysSo() {
        props.put("datadog.maxResponseMegabytes", "1");
        server.stubFor(get(urlPathEqualTo("/api/v1/query"))
                .willReturn(okJson("{\"series\":[],\"pad\":\"" + "x".repeat(1_100_000) + "\"}")));

        assertThat(failure(start(Map.of("query", "avg:errors{*}"))).getMessage())
                .contains("response body larger than 1 MB").doesNotContain("malformed");
    }
}
