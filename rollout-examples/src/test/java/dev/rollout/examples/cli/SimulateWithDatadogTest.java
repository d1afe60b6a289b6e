package dev.rollout.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate} measures Datadog metrics the metrics file does not script through the Datadog
 * provider configured from {@code DD_API_KEY}, {@code DD_APP_KEY} and {@code DD_ADDRESS}, and
 * never prints the keys.
 */
class SimulateWithDatadogTest {
    private static final String API_KEY = "marker-api-key-6f1d";
    private static final String APP_KEY = "marker-app-key-93ab";
    private static final String SPEC = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout}
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                  - setWeight: 25
                  - analysis:
                      templates:
                      - templateName: error-rate
                  - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: error-rate}
            spec:
              metrics:
              - name: error-rate
                interval: 1m
                count: 2
                successCondition: result < 0.05
                provider:
                  datadog:
                    apiVersion: v2
                    queries:
                      a: sum:trace.http.request.errors{service:checkout}.as_count()
                      b: sum:trace.http.request.hits{service:checkout}.as_count()
                    formula: a / b
            """;

    @TempDir
    Path dir;

    private WireMockServer datadog;

    @BeforeEach
    void start() {
        datadog = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        datadog.start();
    }

    @AfterEach
    void stop() {
        datadog.stop();
    }

    private CliRunner.Result simulate() {
        String spec = new CliRunner(dir).file("r.yaml", SPEC);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("DD_API_KEY", API_KEY, "DD_APP_KEY", APP_KEY,
                "DD_ADDRESS", "http://127.0.0.1:" + datadog.port());
        int code = new RolloutCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env)
                .run(new String[] {"simulate", "--rollout", spec, "--json"});
        return new CliRunner.Result(code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unscriptedDatadogMetricsAreMeasuredThroughTheApi() {
        datadog.stubFor(post(urlPathEqualTo("/api/v2/query/scalar")).willReturn(okJson(
                "{\"data\":{\"type\":\"scalar_response\",\"attributes\":{\"columns\":["
                        + "{\"name\":\"a / b\",\"type\":\"number\",\"values\":[0.012]}]}}}")));

        CliRunner.Result result = simulate();

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode metric = result.json().get("analysisRuns").get(0).get("metrics").get(0);
        assertThat(metric.get("phase").asText()).isEqualTo("Successful");
        assertThat(metric.get("measurements")).extracting(m -> m.get("value").asText())
                .containsExactly("0.012", "0.012");
        datadog.verify(postRequestedFor(urlPathEqualTo("/api/v2/query/scalar"))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APP_KEY)));
        assertThat(result.out() + result.err()).doesNotContain(API_KEY).doesNotContain(APP_KEY);
    }

    @Test
    void aRefusedKeyAbortsWithDatadogsReasonAndNeverShowsTheKey() {
        datadog.stubFor(post(urlPathEqualTo("/api/v2/query/scalar")).willReturn(aResponse()
                .withStatus(403).withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[\"Forbidden: key " + API_KEY + " is not allowed\"]}")));

        CliRunner.Result result = simulate();

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("aborted").asBoolean()).isTrue();
        JsonNode metric = json.get("analysisRuns").get(0).get("metrics").get(0);
        assertThat(metric.get("phase").asText()).isEqualTo("Error");
        assertThat(metric.get("measurements").get(0).get("message").asText()).contains("403");
        assertThat(result.out() + result.err()).doesNotContain(API_KEY).doesNotContain(APP_KEY);
    }

    @Test
    void withoutKeysAnUnscriptedDatadogMetricIsBadInput() {
        String spec = new CliRunner(dir).file("r.yaml", SPEC);
        CliRunner.Result result = new CliRunner(dir).run("simulate", "--rollout", spec, "--json");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("spec.metrics[0].provider.datadog")
                .contains("DD_API_KEY").contains("--metrics");
    }
}
