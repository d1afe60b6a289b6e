package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.rollout.http.testing.FaultMatrix.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.testkit.AnalysisDriver;
import dev.rollout.core.testkit.SecretScan;
import dev.rollout.http.testing.FaultMatrix;
import dev.rollout.http.testing.FaultMatrix.FaultKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Every fault Datadog (or something in its place) can answer, times every metric shape (API
 * version, condition kind, no-data policy), run as a real analysis: none may end Successful, so
 * none would promote a canary; the keys never reach another host, a log, a message or an event.
 */
class DatadogFaultMatrixTest {
    private static final String API_KEY = "dd-api-key-SECRET-1234";
    private static final String APP_KEY = "dd-app-key-SECRET-5678";
    @RegisterExtension
    static final SecretScan SCAN = SecretScan.of(API_KEY, APP_KEY);
    private static final OkHttpClient SHARED = new OkHttpClient();

    static final FaultMatrix<Shape> MATRIX = new FaultMatrix<>("Datadog");
    static WireMockServer server;
    static TemplateRegistry templates;

    /** A metric shape: API version, a condition over a healthy value, a no-data policy (null: error). */
    record Shape(String version, String name, String condition, double healthy, String noDataPolicy) {
        String body(String value) {
            return version.equals("v1")
                    ? "{\"status\":\"ok\",\"series\":[{\"scope\":\"*\",\"pointlist\":[[1767225000000," + value + "]]}]}"
                    : "{\"data\":{\"type\":\"scalar_response\",\"attributes\":{\"columns\":[{\"name\":\"query\","
                            + "\"type\":\"number\",\"values\":[" + value + "]}]}}}";
        }

        String healthyBody() {
            return body(Double.toString(healthy));
        }

        @Override
        public String toString() {
            return version + " " + name + (noDataPolicy == null ? "" : "/noData=" + noDataPolicy);
        }
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        for (String version : new String[] {"v1", "v2"}) {
            for (String policy : version.equals("v1") ? new String[] {null, "inconclusive", "fail"} : new String[] {null}) {
                shapes.add(new Shape(version, "error-rate<=0.01", "successCondition: result <= 0.01", 0.001, policy));
                shapes.add(new Shape(version, "success-rate>=0.95", "successCondition: result >= 0.95", 0.99, policy));
                shapes.add(new Shape(version, "failure-only>0.05", "failureCondition: result > 0.05", 0.001, policy));
            }
        }
        return shapes;
    }

    static List<FaultKind<Shape>> faults() {
        String echo = "{\"errors\":[\"bad keys " + API_KEY + " / " + APP_KEY + "\"]}";
        String big = "{\"series\":[],\"pad\":\"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        List<FaultKind<Shape>> faults = new ArrayList<>(MATRIX.serverErrors(echo));
        faults.addAll(List.of(
                new FaultKind<>("HTTP 429 without reset", false, "HTTP 429", s -> status(429, echo)),
                new FaultKind<>("HTTP 429 with Retry-After and a reset now", false, "HTTP 429",
                        s -> status(429, "").withHeader("Retry-After", "1").withHeader("X-RateLimit-Reset", "0")),
                new FaultKind<>("HTTP 429 resetting in an hour", false, "HTTP 429",
                        s -> status(429, "").withHeader("X-RateLimit-Reset", "3600"))));
        faults.addAll(MATRIX.clientErrors(echo));
        faults.addAll(MATRIX.transportFaults(Shape::healthyBody, "{\"series\": ["));
        faults.addAll(List.of(
                new FaultKind<>("errors in a 200", false, "reported an error", s -> okJson(echo)),
                new FaultKind<>("status error in a 200", false, "reported an error",
                        s -> okJson("{\"status\":\"error\",\"error\":\"query timed out\"}")),
                new FaultKind<>("empty series", false, null, s -> okJson(s.version().equals("v1") ? "{\"series\":[]}"
                        : "{\"data\":{\"type\":\"scalar_response\",\"attributes\":{\"columns\":[]}}}")),
                new FaultKind<>("null points", false, null, s -> okJson(s.body("null"))),
                new FaultKind<>("no points", false, null, s -> okJson(s.version().equals("v1")
                        ? "{\"series\":[{\"scope\":\"*\",\"pointlist\":[]}]}" : "{\"data\":{}}")),
                new FaultKind<>("NaN token", false, "malformed JSON", s -> okJson(s.body("NaN"))),
                new FaultKind<>("Infinity", false, "out of range", s -> okJson(s.body("1e999"))),
                new FaultKind<>("-Infinity", false, "out of range", s -> okJson(s.body("-1e999")))));
        faults.addAll(MATRIX.connectionFaults(s -> "/api/" + s.version() + "/query", big));
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
                      metrics:
                      - name: error-rate
                        interval: 1m
                        count: 2
                        consecutiveErrorLimit: 1
                        %s
                        %s
                        provider:
                          datadog:
                            apiVersion: %s
                            interval: 5m
                            query: sum:trace.http.request.errors{service:checkout}.as_count()
                    ---
                    """.formatted(i, shape.condition(),
                    shape.noDataPolicy() == null ? "" : "noDataPolicy: " + shape.noDataPolicy(), shape.version()));
        }
        try (DatadogMetricProvider validating = provider(false)) {
            templates = FaultMatrix.templates(yaml.toString(), "datadog", validating);
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

    /**
     * A provider with one quick retry on its own timer (real time, as its HTTP calls are), a
     * short call timeout for the timeout faults only, and a 1 MB body limit.
     */
    private static DatadogMetricProvider provider(boolean slow) {
        Map<String, String> props = FaultMatrix.settings("datadog", slow, "1s");
        props.put("datadog.apiKey", API_KEY);
        props.put("datadog.applicationKey", APP_KEY);
        props.put("datadog.site", server.baseUrl());
        props.put("datadog.pointSelection", "last");
        return DatadogMetricProvider.builder(props::get).httpClient(SHARED).build();
    }

    private AnalysisDriver.Outcome run(Shape shape, boolean slow) throws Exception {
        try (DatadogMetricProvider provider = provider(slow)) {
            AnalysisDriver.Outcome outcome = new AnalysisDriver(new VirtualScheduler(), templates, provider, null)
                    .run("shape-" + shapes().indexOf(shape), List.of());
            return FaultMatrix.scanned(SCAN, outcome, provider);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aHealthyAnswerPassesSoTheMatrixCanSeeAPromotion(Shape shape) throws Exception {
        server.stubFor(any(urlPathMatching("/api/v[12]/query.*")).willReturn(okJson(shape.healthyBody())));

        assertThat(run(shape, false).status().phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void aFaultNeverEndsSuccessful(FaultKind<Shape> fault, Shape shape) throws Exception {
        server.stubFor(any(urlPathMatching("/api/v[12]/query.*")).willReturn(fault.answer().apply(shape)));
        MATRIX.elsewhere().stubFor(any(anyUrl()).willReturn(okJson(shape.healthyBody())));

        AnalysisDriver.Outcome outcome = run(shape, fault.slow());

        assertThat(MATRIX.check(fault, outcome.status())).isNotEmpty()
                .allSatisfy(r -> assertThat(r.getUrl()).doesNotContain(API_KEY, APP_KEY));
    }
}
