package dev.rollout.core.provider.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redirects, whole-call timeouts, body limits and odd numbers: each an error, never a value. */
class WebMetricProviderSafetyTest {
    private static final String TOKEN = "web-token-SECRET-5678";
    static WireMockServer server;
    static WireMockServer elsewhere;
    private WebMetricProvider provider = WebMetricProvider.builder().defaultTimeout(Duration.ofSeconds(5))
            .maxResponseMegabytes(1).build();

    @BeforeAll
    static void start() throws Exception {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        elsewhere.start();
        // The first call of a JVM loads the HTTP client and warms the server: seconds on a busy machine.
        server.stubFor(get(urlEqualTo("/warm")).willReturn(okJson("1")));
        new WebMetricProvider().measure(new MeasurementRequest("ns/app", "run", "m",
                Map.of("url", "http://127.0.0.1:" + server.port() + "/warm"), Instant.EPOCH, Optional.empty(),
                Duration.ofSeconds(30), List.of())).get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        server.stop();
        elsewhere.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
        elsewhere.resetAll();
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"value\": 0.001}")));
    }

    private static Map<String, Object> block(String path) {
        return Map.of("url", "http://127.0.0.1:" + server.port() + path, "jsonPath", "$.value",
                "headers", List.of(Map.of("key", "Authorization", "value", "Bearer " + TOKEN)));
    }

    private CompletableFuture<MetricValue> start(Map<String, Object> block) {
        return provider.measure(new MeasurementRequest("ns/app", "run", "m", block, Instant.EPOCH,
                Optional.empty(), Duration.ofSeconds(30), List.of()));
    }

    private String error(Map<String, Object> block) {
        Throwable thrown = catchThrowable(() -> start(block).get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(ProviderException.class);
        return thrown.getCause().getMessage();
    }

    @Test
    void aRedirectToAnotherHostIsRefusedAndTheOtherHostHearsNothing() {
        String away = "http://localhost:" + elsewhere.port() + "/steal?token=abc";
        server.stubFor(get(urlEqualTo("/m")).willReturn(aResponse().withStatus(302).withHeader("Location", away)));

        String message = error(block("/m"));

        assertThat(message).contains("HTTP 302", "redirecting to another host (localhost:" + elsewhere.port() + ")",
                "not followed").doesNotContain("token=abc", TOKEN);
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void aRedirectWithinTheSameHostIsFollowedWithTheHeaders() throws Exception {
        server.stubFor(get(urlEqualTo("/old")).willReturn(aResponse().withStatus(301).withHeader("Location", "/new")));
        server.stubFor(get(urlEqualTo("/new")).willReturn(okJson("{\"value\": 0.5}")));

        assertThat(start(block("/old")).get(10, TimeUnit.SECONDS)).isEqualTo(new MetricValue.Scalar(0.5));
        server.verify(getRequestedFor(urlEqualTo("/new")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aRedirectLoopEnds() {
        server.stubFor(get(urlEqualTo("/loop")).willReturn(aResponse().withStatus(307).withHeader("Location", "/loop")));

        assertThat(error(block("/loop"))).contains("redirected more than 5 times");
    }

    @Test
    void aClientThatFollowsRedirectsIsRefused() {
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

        assertThat(catchThrowable(() -> new WebMetricProvider(following, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not follow redirects");
    }

    @Test
    void theTimeoutBoundsTheWholeCallNotEachRead() {
        // Headers at once, then a byte every 100 ms for 10 s: no single read ever waits long.
        server.stubFor(get(urlEqualTo("/drip")).willReturn(okJson("{\"value\": 0.001}" + " ".repeat(100))
                .withChunkedDribbleDelay(100, 10_000)));
        provider = WebMetricProvider.builder().defaultTimeout(Duration.ofMillis(400)).build();
        long started = System.nanoTime();

        String message = error(block("/drip"));

        assertThat(message).contains("timed out after 400ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBodyOverTheLimitIsRefusedAsTooLargeDeclaredOrNot() {
        String big = "{\"value\": 0.001, \"pad\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        server.stubFor(get(urlEqualTo("/big")).willReturn(okJson(big)));
        server.stubFor(get(urlEqualTo("/chunked")).willReturn(okJson(big).withChunkedDribbleDelay(4, 50)));

        assertThat(error(block("/big"))).contains("response body larger than 1 MB").doesNotContain("not JSON");
        assertThat(error(block("/chunked"))).contains("response body larger than 1 MB");
    }

    @Test
    void nonFiniteNumbersAreErrors() {
        server.stubFor(get(urlEqualTo("/inf")).willReturn(okJson("{\"value\": 1e999}")));
        server.stubFor(get(urlEqualTo("/nan")).willReturn(okJson("{\"value\": NaN}")));
        server.stubFor(get(urlEqualTo("/list")).willReturn(okJson("{\"value\": [0.1, -1e999]}")));

        assertThat(error(block("/inf"))).contains("out of range (Infinity)");
        assertThat(error(block("/nan"))).contains("not JSON");
        assertThat(error(block("/list"))).contains("out of range (-Infinity)");
    }

    @Test
    void headerValuesNeverReachAMessage() {
        server.stubFor(get(urlEqualTo("/echo")).willReturn(aResponse().withStatus(401)
                .withBody("token " + TOKEN + " is not valid")));

        assertThat(error(block("/echo"))).contains("HTTP 401", "token **** is not valid").doesNotContain(TOKEN);
    }
}
