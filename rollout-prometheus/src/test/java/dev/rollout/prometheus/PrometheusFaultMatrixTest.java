package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.rollout.http.testing.FaultMatrix.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.testkit.AnalysisDriver;
import dev.rollout.core.testkit.SecretScan;
import dev.rollout.http.testing.FaultMatrix;
import dev.rollout.http.testing.FaultMatrix.FaultKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault Prometheus (or a proxy in its place) can answer, times every metric shape
 * (condition kind, no-data policy), run as a real analysis with basic-auth credentials from a
 * secret arg: none may end Successful, so none would promote a canary; the credentials never
 * reach another host, a log, a message or an event.
 */
class PrometheusFaultMatrixTest {
    private static final String PASSWORD = "prom-basic-SECRET-9913";
    private static final String BASIC = java.util.Base64.getEncoder()
            .encodeToString(("ops:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    @RegisterExtension
    static final SecretScan SCAN = SecretScan.of(PASSWORD, BASIC);
    private static final OkHttpClient SHARED = new OkHttpClient();

    static final FaultMatrix<Shape> MATRIX = new FaultMatrix<>("Prometheus");
    static WireMockServer server;
    static TemplateRegistry templates;

    /** A metric shape: a condition over a healthy value, and a no-data policy (null: error). */
    record Shape(String name, String condition, double healthy, String noDataPolicy) {
        String healthyBody() {
            return PrometheusTestBase.vector(Double.toString(healthy));
        }

        @Override
        public String toString() {
            return name + (noDataPolicy == null ? "" : "/noData=" + noDataPolicy);
        }
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        for (String policy : new String[] {null, "inconclusive", "fail"}) {
            shapes.add(new Shape("error-rate<=0.01", "successCondition: result[0] <= 0.01", 0.001, policy));
            shapes.add(new Shape("all>=0.95", "successCondition: all(result, {# >= 0.95})", 0.99, policy));
            shapes.add(new Shape("failure-only>0.05", "failureCondition: result[0] > 0.05", 0.001, policy));
        }
        return shapes;
    }

    static List<FaultKind<Shape>> faults() {
        String echo = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"bad " + PASSWORD + " " + BASIC + "\"}";
        String big = "{\"status\":\"success\",\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        List<FaultKind<Shape>> faults = new ArrayList<>(MATRIX.serverErrors(echo));
        faults.addAll(List.of(
                new FaultKind<>("HTTP 429 without Retry-After", false, "HTTP 429", s -> status(429, echo)),
                new FaultKind<>("HTTP 429 retry after an hour", false, "HTTP 429",
                        s -> status(429, "").withHeader("Retry-After", "3600"))));
        faults.addAll(MATRIX.clientErrors(echo));
        faults.add(new FaultKind<>("HTTP 422", false, "HTTP 422", s -> status(422, echo)));
        faults.addAll(MATRIX.transportFaults(Shape::healthyBody, "{\"status\": ["));
        faults.addAll(List.of(
                new FaultKind<>("error status in a 200", false, "reported an error", s -> okJson(echo)),
                new FaultKind<>("no resultType", false, "without data.resultType",
                        s -> okJson("{\"status\":\"success\",\"data\":{}}")),
                new FaultKind<>("string result", false, "string result",
                        s -> okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"1\"]}}")),
                new FaultKind<>("value not a number", false, "not a number", s -> okJson(PrometheusTestBase.vector("abc"))),
                new FaultKind<>("empty vector", false, null, s -> okJson(PrometheusTestBase.vector())),
                new FaultKind<>("NaN only", false, null, s -> okJson(PrometheusTestBase.vector("NaN"))),
                new FaultKind<>("NaN token outside a string", false, "malformed",
                        s -> okJson("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                                + "[{\"metric\":{},\"value\":[1,NaN]}]}}"))));
        faults.addAll(MATRIX.connectionFaults(s -> "/api/v1/query", big));
        return faults;
    }

    static Stream<Arguments> cases() {
        return FaultMatrix.cases(faults(), shapes());
    }

    @BeforeAll
    static void start() {
        MATRIX.start();
        server = MATRIX.server();
        StringBuilder yaml = new StringBuilder();
        List<Shape> shapes = shapes();
        for (int i = 0; i < shapes.size(); i++) {
            Shape shape = shapes.get(i);
            yaml.append("""
                    apiVersion: argoproj.io/v1alpha1
                    kind: AnalysisTemplate
                    metadata:
                      name: shape-%d
                    spec:
                      args:
                      - name: password
                      metrics:
                      - name: error-rate
                        interval: 1m
                        count: 2
                        consecutiveErrorLimit: 1
                        %s
                        %s
                        provider:
                          prometheus:
                            address: %s
                            authentication:
                              basicAuth: {username: ops, password: "{{args.password}}"}
                            query: sum(rate(http_requests_total{status=~"5.."}[5m])) / sum(rate(http_requests_total[5m]))
                    ---
                    """.formatted(i, shape.condition(),
                    shape.noDataPolicy() == null ? "" : "noDataPolicy: " + shape.noDataPolicy(), server.baseUrl()));
        }
        try (PrometheusMetricProvider validating = provider(false)) {
            templates = FaultMatrix.templates(yaml.toString(), "prometheus", validating);
        }
    }

    @AfterAll
    static void stop() {
        MATRIX.stop(faults().size() * shapes().size());
    }

    @BeforeEach
    void reset() {
        MATRIX.reset();
    }

    /** One quick retry on the provider's own timer, a short call timeout for the timeout faults, a 1 MB limit. */
    private static PrometheusMetricProvider provider(boolean slow) {
        Map<String, String> props = FaultMatrix.settings("prometheus", slow, "500ms");
        return PrometheusMetricProvider.builder(props::get).httpClient(SHARED).build();
    }

    private AnalysisDriver.Outcome run(Shape shape, boolean slow) throws Exception {
        try (PrometheusMetricProvider provider = provider(slow)) {
            AnalysisDriver.Outcome outcome = new AnalysisDriver(new VirtualScheduler(), templates, provider,
                    (namespace, name, key) -> Optional.of(dev.rollout.api.Secret.of(PASSWORD)))
                    .run("shape-" + shapes().indexOf(shape), List.of(new AnalysisRef.Arg("password", null,
                            new AnalysisRef.SecretKeyRef("prometheus-auth", "password"))));
            return FaultMatrix.scanned(SCAN, outcome, provider);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aHealthyAnswerPassesSoTheMatrixCanSeeAPromotion(Shape shape) throws Exception {
        server.stubFor(any(urlPathEqualTo("/api/v1/query")).willReturn(okJson(shape.healthyBody())));

        assertThat(run(shape, false).status().phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void aFaultNeverEndsSuccessful(FaultKind<Shape> fault, Shape shape) throws Exception {
        server.stubFor(any(urlPathEqualTo("/api/v1/query")).willReturn(fault.answer().apply(shape)));
        MATRIX.elsewhere().stubFor(any(anyUrl()).willReturn(okJson(shape.healthyBody())));

        AnalysisDriver.Outcome outcome = run(shape, fault.slow());

        assertThat(MATRIX.check(fault, outcome.status())).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Basic " + BASIC));
    }
}
