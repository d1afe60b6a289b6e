package dev.rollout.core.provider.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.testkit.AnalysisDriver;
import dev.rollout.core.testkit.SecretScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault a metrics endpoint can answer, times every metric shape (condition kind and
 * no-data policy), run as a real analysis: none may end Successful, so none would promote a
 * canary; no header value reaches another host, a log, a message or an event.
 */
class WebProviderFaultMatrixTest {
    static final String TOKEN = "web-token-SECRET-5678";
    static final String KEY = "web-key-SECRET-9012";
    @RegisterExtension
    static final SecretScan SCAN = SecretScan.of(TOKEN, KEY);
    private static final AtomicInteger CASES = new AtomicInteger();
    private static final AtomicInteger PROMOTED = new AtomicInteger();

    static WireMockServer server;
    static WireMockServer elsewhere;
    static TemplateRegistry templates;
    /** Generous for answers; the short one only for the timeout faults, so a busy machine cannot fake one. */
    static final WebMetricProvider NORMAL = WebMetricProvider.builder().defaultTimeout(Duration.ofSeconds(10))
            .maxResponseMegabytes(1).build();
    static final WebMetricProvider SHORT = WebMetricProvider.builder().defaultTimeout(Duration.ofMillis(300))
            .maxResponseMegabytes(1).build();

    /** A metric shape: a condition over a healthy value, and a no-data policy (null: the default, error). */
    record Shape(String name, String condition, String healthy, String noDataPolicy) {
        @Override
        public String toString() {
            return name + (noDataPolicy == null ? "" : "/noData=" + noDataPolicy);
        }
    }

    /** A fault: what the endpoint answers, whether it needs the short timeout, and the error it must cause. */
    record FaultKind(String name, boolean slow, String expected, Function<Shape, ResponseDefinitionBuilder> answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        for (String policy : new String[] {null, "inconclusive", "fail"}) {
            shapes.add(new Shape("error-rate<=0.01", "successCondition: result <= 0.01", "0.001", policy));
            shapes.add(new Shape("success-rate>=0.95", "successCondition: result >= 0.95", "0.99", policy));
            shapes.add(new Shape("failure-only>0.05", "failureCondition: result > 0.05", "0.001", policy));
            shapes.add(new Shape("all<=0.01", "successCondition: \"all(result, {# <= 0.01})\"", "[0.001, 0.002]",
                    policy));
        }
        return shapes;
    }

    private static ResponseDefinitionBuilder status(int code, String body) {
        return aResponse().withStatus(code).withBody(body);
    }

    private static FaultKind redirect(int code) {
        return new FaultKind("redirect " + code + " to another host", false, "redirecting to another host",
                s -> aResponse().withStatus(code).withHeader("Location", "http://localhost:" + elsewhere.port()
                        + "/metric/stolen?token=" + TOKEN));
    }

    static List<FaultKind> faults() {
        String echo = "invalid credentials " + TOKEN + " / " + KEY;
        String big = "{\"value\": 0.001, \"pad\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}";
        return List.of(
                new FaultKind("HTTP 500", false, "HTTP 500", s -> status(500, echo)),
                new FaultKind("HTTP 502", false, "HTTP 502", s -> status(502, "bad gateway")),
                new FaultKind("HTTP 503 with Retry-After", false, "HTTP 503",
                        s -> status(503, "").withHeader("Retry-After", "1")),
                new FaultKind("HTTP 429", false, "HTTP 429", s -> status(429, "slow down")),
                new FaultKind("HTTP 429 with Retry-After", false, "HTTP 429",
                        s -> status(429, "").withHeader("Retry-After", "2")),
                new FaultKind("HTTP 401", false, "HTTP 401", s -> status(401, echo)),
                new FaultKind("HTTP 403", false, "HTTP 403", s -> status(403, echo)),
                new FaultKind("HTTP 404", false, "HTTP 404", s -> status(404, "{\"error\": \"no such metric\"}")),
                new FaultKind("timeout", true, "timed out after 300ms",
                        s -> okJson("{\"value\": " + s.healthy() + "}").withFixedDelay(2_000)),
                new FaultKind("slow drip", true, "timed out after 300ms",
                        s -> okJson("{\"value\": " + s.healthy() + "}" + " ".repeat(60))
                                .withChunkedDribbleDelay(60, 6_000)),
                new FaultKind("malformed JSON", false, "not JSON", s -> okJson("{\"value\": " + s.healthy())),
                new FaultKind("HTML login page", false, "not JSON", s -> okJson("<html>sign in</html>")),
                new FaultKind("empty body", false, "not JSON", s -> okJson("")),
                new FaultKind("empty list", false, null, s -> okJson("{\"value\": []}")),
                new FaultKind("null", false, null, s -> okJson("{\"value\": null}")),
                new FaultKind("list of nulls", false, null, s -> okJson("{\"value\": [null, null]}")),
                new FaultKind("missing field", false, null, s -> okJson("{\"other\": 0.001}")),
                new FaultKind("NaN token", false, "not JSON", s -> okJson("{\"value\": NaN}")),
                new FaultKind("NaN string", false, null, s -> okJson("{\"value\": \"NaN\"}")),
                new FaultKind("Infinity", false, "out of range", s -> okJson("{\"value\": 1e999}")),
                new FaultKind("-Infinity in a list", false, "out of range",
                        s -> okJson("{\"value\": [0.001, -1e999]}")),
                new FaultKind("Infinity string", false, null, s -> okJson("{\"value\": \"Infinity\"}")),
                new FaultKind("object at the path", false, "selects an object",
                        s -> okJson("{\"value\": {\"rate\": 0.001}}")),
                redirect(301), redirect(302), redirect(303), redirect(307), redirect(308),
                new FaultKind("connection reset", false, "failed",
                        s -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                new FaultKind("empty response", false, "failed", s -> aResponse().withFault(Fault.EMPTY_RESPONSE)),
                new FaultKind("garbage", false, "failed",
                        s -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
                new FaultKind("body over 1 MB", false, "response body larger than 1 MB", s -> okJson(big)));
    }

    static Stream<Arguments> cases() {
        return faults().stream().flatMap(f -> shapes().stream().map(s -> Arguments.of(f, s)));
    }

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        elsewhere.start();
        StringBuilder yaml = new StringBuilder();
        List<Shape> shapes = shapes();
        for (int i = 0; i < shapes.size(); i++) {
            yaml.append(template(i, shapes.get(i)));
        }
        templates = TemplateRegistry.of(AnalysisTemplateParser.registerOn(SpecLoader.create(), Map.of("web", NORMAL))
                .loadString("shapes.yaml", yaml.toString()).objects(AnalysisTemplate.class));
    }

    @AfterAll
    static void stop() {
        server.stop();
        elsewhere.stop();
        System.out.println("web provider fault matrix: " + CASES.get() + " cases, " + PROMOTED.get()
                + " promoted, " + elsewhere.getAllServeEvents().size() + " requests to the other host");
        assertThat(CASES.get()).isEqualTo(faults().size() * shapes().size());
        assertThat(PROMOTED.get()).isZero();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    static String template(int index, Shape shape) {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: shape-%d
                spec:
                  args:
                  - name: base-url
                  - name: api-token
                    valueFrom:
                      secretKeyRef:
                        name: metrics-api
                        key: token
                  metrics:
                  - name: m
                    interval: 1m
                    count: 2
                    consecutiveErrorLimit: 1
                    %s
                    %s
                    provider:
                      web:
                        url: "{{args.base-url}}/metric"
                        headers:
                        - key: Authorization
                          value: "Bearer {{args.api-token}}"
                        - key: X-Api-Key
                          value: %s
                        jsonPath: "$.value"
                ---
                """.formatted(index, shape.condition(),
                shape.noDataPolicy() == null ? "" : "noDataPolicy: " + shape.noDataPolicy(), KEY);
    }

    private AnalysisDriver.Outcome run(Shape shape, WebMetricProvider provider) throws Exception {
        AnalysisDriver driver = new AnalysisDriver(new VirtualScheduler(), templates, provider,
                new EnvironmentSecretResolver(Map.of("ROLLOUT_SECRET_METRICS_API_TOKEN", TOKEN), "ROLLOUT_SECRET_"));
        AnalysisDriver.Outcome outcome = driver.run("shape-" + shapes().indexOf(shape),
                List.of(AnalysisRef.Arg.of("base-url", "http://127.0.0.1:" + server.port())));
        SCAN.check(outcome.status());
        outcome.events().forEach(SCAN::check);
        return outcome;
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("shapes")
    void aHealthyAnswerPassesSoTheMatrixCanSeeAPromotion(Shape shape) throws Exception {
        server.stubFor(get(urlEqualTo("/metric")).willReturn(okJson("{\"value\": " + shape.healthy() + "}")));

        assertThat(run(shape, NORMAL).status().phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("cases")
    void aFaultNeverEndsSuccessful(FaultKind fault, Shape shape) throws Exception {
        server.stubFor(get(urlEqualTo("/metric")).willReturn(fault.answer().apply(shape)));
        elsewhere.stubFor(get(anyUrl()).willReturn(okJson("{\"value\": " + shape.healthy() + "}")));
        CASES.incrementAndGet();

        AnalysisDriver.Outcome outcome = run(shape, fault.slow() ? SHORT : NORMAL);

        if (outcome.status().phase() == AnalysisPhase.Successful) {
            PROMOTED.incrementAndGet();
        }
        assertThat(outcome.status().phase()).as(outcome.status().message())
                .isIn(AnalysisPhase.Failed, AnalysisPhase.Error, AnalysisPhase.Inconclusive);
        if (fault.expected() != null) {
            assertThat(outcome.status().metrics().get(0).measurements()).extracting(Measurement::message)
                    .anySatisfy(m -> assertThat(m).contains(fault.expected()));
        }
        // Counted, not listed: a failure must not print the headers it is about.
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl())).size()).as("requests to the other host").isZero();
    }
}
