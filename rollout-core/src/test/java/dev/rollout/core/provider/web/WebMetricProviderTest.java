package dev.rollout.core.provider.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
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

class WebMetricProviderTest {
    static WireMockServer server;
    final WebMetricProvider provider = new WebMetricProvider();

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort().dynamicHttpsPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    static MeasurementRequest request(Map<String, Object> block, Secret... secrets) {
        return new MeasurementRequest("ns/app", "run", "m", block, Instant.EPOCH, Optional.empty(),
                Duration.ofSeconds(30), List.of(secrets));
    }

    MetricValue measure(Map<String, Object> block, Secret... secrets) throws Exception {
        return provider.measure(request(block, secrets)).get(10, TimeUnit.SECONDS);
    }

    String error(Map<String, Object> block, Secret... secrets) throws Exception {
        CompletableFuture<MetricValue> f = provider.measure(request(block, secrets));
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(ProviderException.class);
            return e.getCause().getMessage();
        }
        throw new AssertionError("expected an error, got " + f.get());
    }

    static void answer(String path, int status, String body) {
        server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    @Test
    void readsScalarsAtArgoAndPlainJsonPaths() throws Exception {
        answer("/m", 200, "{\"data\": {\"ok\": true, \"rate\": 0.97, \"count\": 12, \"state\": \"green\"}}");
        assertThat(measure(Map.of("url", url("/m"), "jsonPath", "{$.data.ok}")))
                .isEqualTo(new MetricValue.Scalar(true));
        assertThat(measure(Map.of("url", url("/m"), "jsonPath", "$.data.rate")))
                .isEqualTo(new MetricValue.Scalar(0.97));
        assertThat(measure(Map.of("url", url("/m"), "jsonPath", "$.data.count")))
                .isEqualTo(new MetricValue.Scalar(12L));
        assertThat(measure(Map.of("url", url("/m"), "jsonPath", "$.data.state")))
                .isEqualTo(new MetricValue.Scalar("green"));
    }

    @Test
    void listsAndWildcardsAreVectorsAndNullEmptyOrMissingIsNoData() throws Exception {
        answer("/v", 200, "{\"values\": [0.97, 0.98, null], \"s\": [{\"v\": 1}, {\"v\": 2}], \"n\": null, \"e\": [],"
                + " \"nulls\": [null, null], \"none\": [{\"w\": 1}]}");
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.values")))
                .isEqualTo(MetricValue.Vector.of(java.util.Arrays.asList(0.97, 0.98, null)));
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.s[*].v")))
                .isEqualTo(MetricValue.Vector.of(List.of(1L, 2L)));
        // An empty list is nothing measured: all(result, ...) must not pass on it.
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.e"))).isInstanceOf(MetricValue.NoData.class);
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.nulls"))).isInstanceOf(MetricValue.NoData.class);
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.none[*].v"))).isInstanceOf(MetricValue.NoData.class);
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.n"))).isInstanceOf(MetricValue.NoData.class);
        assertThat(measure(Map.of("url", url("/v"), "jsonPath", "$.missing"))).isInstanceOf(MetricValue.NoData.class);
    }

    @Test
    void sendsHeaders() throws Exception {
        answer("/h", 200, "1");
        measure(Map.of("url", url("/h"), "headers", List.of(Map.of("key", "Authorization", "value", "Bearer t0k"),
                Map.of("key", "X-Team", "value", "payments"))));
        server.verify(getRequestedFor(urlEqualTo("/h")).withHeader("Authorization", equalTo("Bearer t0k"))
                .withHeader("X-Team", equalTo("payments")));
    }

    @Test
    void postsStringAndJsonBodies() throws Exception {
        server.stubFor(post(urlEqualTo("/q")).willReturn(aResponse().withBody("{\"r\": 0.5}")));
        server.stubFor(put(urlEqualTo("/q")).willReturn(aResponse().withBody("{\"r\": 0.25}")));
        assertThat(measure(Map.of("url", url("/q"), "method", "POST", "body", "query=errors", "jsonPath", "$.r")))
                .isEqualTo(new MetricValue.Scalar(0.5));
        server.verify(postRequestedFor(urlEqualTo("/q")).withRequestBody(equalTo("query=errors")));
        assertThat(measure(Map.of("url", url("/q"), "method", "PUT",
                "jsonBody", Map.of("query", "errors", "window", 5), "jsonPath", "$.r")))
                .isEqualTo(new MetricValue.Scalar(0.25));
        server.verify(putRequestedFor(urlEqualTo("/q"))
                .withRequestBody(equalToJson("{\"query\": \"errors\", \"window\": 5}"))
                .withHeader("Content-Type", equalTo("application/json")));
    }

    @Test
    void non2xxIsAnErrorNamingTheStatus() throws Exception {
        answer("/404", 404, "{\"error\": \"no such metric\"}");
        answer("/503", 503, "overloaded");
        assertThat(error(Map.of("url", url("/404")))).contains("HTTP 404", "no such metric", "GET http://127.0.0.1");
        assertThat(error(Map.of("url", url("/503")))).contains("HTTP 503", "overloaded");
    }

    @Test
    void nonJsonBodyIsAnError() throws Exception {
        answer("/html", 200, "<html>login</html>");
        assertThat(error(Map.of("url", url("/html")))).contains("not JSON", "<html>login</html>");
    }

    @Test
    void anObjectAtThePathIsAnError() throws Exception {
        answer("/o", 200, "{\"data\": {\"a\": 1}}");
        assertThat(error(Map.of("url", url("/o"), "jsonPath", "$.data"))).contains("selects an object");
    }

    @Test
    void timeoutSecondsBoundsTheRequest() throws Exception {
        server.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withFixedDelay(3000).withBody("1")));
        long start = System.nanoTime();
        assertThat(error(Map.of("url", url("/slow"), "timeoutSeconds", 1))).contains("timed out after 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
    }

    @Test
    void insecureSkipsCertificateChecksAndIsOffByDefault() throws Exception {
        answer("/tls", 200, "{\"v\": 1}");
        String https = "https://127.0.0.1:" + server.httpsPort() + "/tls";
        assertThat(error(Map.of("url", https, "jsonPath", "$.v"))).contains("GET " + https + " failed");
        assertThat(measure(Map.of("url", https, "jsonPath", "$.v", "insecure", true)))
                .isEqualTo(new MetricValue.Scalar(1L));
    }

    @Test
    void connectionFailureIsAnError() throws Exception {
        assertThat(error(Map.of("url", "http://127.0.0.1:1/x"))).contains("GET http://127.0.0.1:1/x failed");
    }

    @Test
    void secretsAreRedactedFromErrors() throws Exception {
        answer("/s", 401, "bad token s3cr3t-v4lue");
        String message = error(Map.of("url", url("/s") + "?key=s3cr3t-v4lue"), Secret.of("s3cr3t-v4lue"));
        assertThat(message).doesNotContain("s3cr3t-v4lue").contains("****");
    }

    @Test
    void validateNamesEveryBadField() {
        assertThat(provider.validate(Map.of("method", "DELETE", "timeoutSeconds", 0, "jsonPath", "$[",
                "headers", List.of("x"), "insecure", "yes", "extra", 1)))
                .anyMatch(p -> p.startsWith("url: is required"))
                .anyMatch(p -> p.startsWith("method: must be GET, POST or PUT"))
                .anyMatch(p -> p.startsWith("timeoutSeconds: must be a positive integer"))
                .anyMatch(p -> p.startsWith("jsonPath:"))
                .anyMatch(p -> p.startsWith("headers[0]:"))
                .anyMatch(p -> p.startsWith("insecure:"))
                .anyMatch(p -> p.startsWith("extra: unknown field"));
        assertThat(provider.validate(Map.of("url", "http://x", "body", "b")))
                .containsExactly("method: GET cannot send a body; use POST or PUT");
        assertThat(provider.validate(Map.of("url", "http://x", "method", "POST", "body", "b", "jsonBody", Map.of())))
                .containsExactly("body: set body or jsonBody, not both");
        assertThat(provider.validate(Map.of("url", "{{args.url}}"))).isEmpty();
    }
}
