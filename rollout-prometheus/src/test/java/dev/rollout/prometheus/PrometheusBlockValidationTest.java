package dev.rollout.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.spec.SpecLoader;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Provider blocks are checked at load time, every problem at once, naming the file and field. */
class PrometheusBlockValidationTest {
    private static PrometheusMetricProvider provider;

    @BeforeAll
    static void create() {
        provider = new PrometheusMetricProvider(key -> null);
    }

    @AfterAll
    static void close() {
        provider.close();
    }

    private static String template(String block) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: success-rate}
                spec:
                  args:
                  - name: service
                  - name: token
                  metrics:
                  - name: success-rate
                    interval: 5m
                    successCondition: result[0] >= 0.95
                    provider:
                      prometheus:
                %s
                """.formatted(block.indent(8).stripTrailing());
    }

    private static Object load(String block) {
        return catchThrowable(() -> AnalysisTemplateParser.registerOn(SpecLoader.create(), Map.of("prometheus", provider))
                .loadString("success-rate.yaml", template(block)).objects(AnalysisTemplate.class));
    }

    @Test
    void argosExampleLoads() {
        assertThat(load("""
                address: http://prometheus.example.com:9090
                timeout: 40
                headers:
                - key: X-Scope-OrgID
                  value: tenant_a
                - key: Authorization
                  value: "Bearer {{args.token}}"
                query: |
                  sum(irate(istio_requests_total{destination_service=~"{{args.service}}",response_code!~"5.*"}[5m]))
                  /
                  sum(irate(istio_requests_total{destination_service=~"{{args.service}}"}[5m]))
                """)).isNull();
    }

    @Test
    void placeholdersAreCheckedWhenSubstituted() {
        assertThat(load("""
                address: "{{args.service}}"
                timeout: "{{args.service}}"
                query: up
                """)).isNull();
    }

    @Test
    void everyProblemIsReportedWithTheFileAndField() {
        Object thrown = load("""
                address: prometheus:9090
                timeout: -1
                querry: up
                insecure: true
                rangeQuery: {step: 1m}
                headers:
                - {key: "Bad Header", value: x}
                - {key: Content-Type, value: text/plain}
                authentication:
                  sigv4: {region: eu-west-1}
                  oauth2: {tokenUrl: "https://idp/token"}
                  basicAuth: {username: grafana}
                """);

        assertThat(thrown).isInstanceOf(InvalidSpecException.class);
        assertThat(((Throwable) thrown).getMessage()).contains("success-rate.yaml",
                "prometheus.query: is required",
                "prometheus.querry: unknown field",
                "prometheus.address: must be an http:// or https:// URL",
                "prometheus.timeout: must be positive",
                "prometheus.headers[0].key: must be a header name",
                "prometheus.headers[1].key: Content-Type is set by the provider",
                "prometheus.authentication.basicAuth.password: is required with a username");
    }

    @Test
    void argoFeaturesThisProviderCannotMeasureLoadButAreListedAndFailTheirMeasurement() throws Exception {
        String block = """
                address: http://prometheus:9090
                query: up
                insecure: true
                rangeQuery: {step: 1m}
                authentication:
                  sigv4: {region: eu-west-1}
                  oauth2: {tokenUrl: "https://idp/token"}
                """;
        assertThat(load(block)).isNull();

        Map<String, Object> parsed = Map.of("address", "http://prometheus:9090", "query", "up", "insecure", true,
                "rangeQuery", Map.of("step", "1m"), "authentication",
                Map.of("sigv4", Map.of("region", "eu-west-1"), "oauth2", Map.of("tokenUrl", "https://idp/token")));
        assertThat(provider.unsupported(parsed)).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith("insecure: skipping TLS verification is not supported"),
                p -> assertThat(p).startsWith("rangeQuery: range queries are not supported yet"),
                p -> assertThat(p).startsWith("authentication.sigv4: SigV4 signing").contains("aws-sigv4-proxy"),
                p -> assertThat(p).startsWith("authentication.oauth2: the OAuth2 client-credentials flow"));
        Throwable failed = catchThrowable(() -> provider.measure(new dev.rollout.api.analysis.MeasurementRequest(
                "default/checkout", "run", "m", parsed, java.time.Instant.now(), java.util.Optional.empty(),
                java.time.Duration.ofSeconds(5), java.util.List.of())).get(5, java.util.concurrent.TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOf(dev.rollout.api.ProviderException.class)
                .hasMessageContaining("authentication.sigv4");
        assertThat(provider.unsupported(Map.of("query", "up"))).isEmpty();
    }

    @Test
    void credentialsInTheAddressAreRefusedWithoutEchoingThem() {
        Object thrown = load("""
                address: https://admin:hunter2-secret@prometheus:9090
                query: up
                """);

        assertThat(((Throwable) thrown).getMessage()).contains("must not carry credentials")
                .doesNotContain("hunter2-secret");
    }
}
