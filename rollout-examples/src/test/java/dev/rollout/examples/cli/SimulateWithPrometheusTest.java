package dev.rollout.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate} measures Prometheus metrics the metrics file does not script at the block's
 * {@code address}; Argo features the provider cannot measure lint but are bad input for
 * {@code simulate}, as is a block without any address.
 */
class SimulateWithPrometheusTest {
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
                      - templateName: success-rate
                  - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: success-rate}
            spec:
              metrics:
              - name: success-rate
                interval: 1m
                count: 2
                successCondition: result[0] >= 0.95
                provider:
                  prometheus:
            %s
                    query: sum(rate(http_requests_total{status!~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
            """;

    @TempDir
    Path dir;

    private WireMockServer prometheus;

    @BeforeEach
    void start() {
        prometheus = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        prometheus.start();
    }

    @AfterEach
    void stop() {
        prometheus.stop();
    }

    private String spec(String fields) {
        return new CliRunner(dir).file("r.yaml", SPEC.formatted(fields.indent(8).stripTrailing()));
    }

    @Test
    void unscriptedPrometheusMetricsAreMeasuredAtTheBlocksAddress() {
        prometheus.stubFor(post(urlPathEqualTo("/api/v1/query")).willReturn(okJson("{\"status\":\"success\","
                + "\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"0.998\"]}]}}")));
        String spec = spec("address: http://127.0.0.1:" + prometheus.port());

        CliRunner.Result result = new CliRunner(dir).run("simulate", "--rollout", spec, "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode metric = result.json().get("analysisRuns").get(0).get("metrics").get(0);
        assertThat(metric.get("phase").asText()).isEqualTo("Successful");
        assertThat(metric.get("measurements")).extracting(m -> m.get("value").asText())
                .containsExactly("[0.998]", "[0.998]");
        prometheus.verify(postRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withFormParam("query", equalTo("sum(rate(http_requests_total{status!~\"5..\"}[5m]))"
                        + " / sum(rate(http_requests_total[5m]))")));
    }

    @Test
    void unsupportedAuthenticationLintsAsArgoYamlButSimulateRefusesItNamingTheField() {
        String spec = spec("address: http://prometheus:9090\nauthentication:\n  sigv4: {region: eu-west-1}");
        assertThat(new CliRunner(dir).run("lint", spec).exitCode()).isZero();

        CliRunner.Result result = new CliRunner(dir).run("simulate", "--rollout", spec, "--json");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("r.yaml", "prometheus.authentication.sigv4", "aws-sigv4-proxy")
                .doesNotContain("Exception");
    }

    @Test
    void withoutAnAddressAnUnscriptedPrometheusMetricIsBadInput() {
        String spec = spec("timeout: 10");

        CliRunner.Result result = new CliRunner(dir).run("simulate", "--rollout", spec, "--json");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("spec.metrics[0].provider.prometheus", "ARGO_ROLLOUTS_PROMETHEUS_ADDRESS");
    }
}
