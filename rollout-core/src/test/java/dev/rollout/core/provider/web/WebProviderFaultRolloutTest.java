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
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.embedded.OperationRecord;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.testkit.AnalysisDriver;
import dev.rollout.core.testkit.SecretScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix one level up: a canary on the embedded cluster whose analysis step measures a
 * faulty endpoint through the real web provider aborts or pauses, and never marks the canary
 * stable.
 */
class WebProviderFaultRolloutTest {
    private static final WorkloadRef APP = new WorkloadRef("default", "app");
    @RegisterExtension
    static final SecretScan SCAN = SecretScan.of(WebProviderFaultMatrixTest.TOKEN, WebProviderFaultMatrixTest.KEY);
    static WireMockServer server;
    static WireMockServer elsewhere;
    static TemplateRegistry templates;
    static final WebMetricProvider NORMAL = WebMetricProvider.builder().defaultTimeout(Duration.ofSeconds(10))
            .maxResponseMegabytes(1).build();
    static final WebMetricProvider SHORT = WebMetricProvider.builder().defaultTimeout(Duration.ofMillis(300))
            .maxResponseMegabytes(1).build();
    /** The scalar and the all(...) shapes, with the default no-data policy (error). */
    static final List<Integer> SHAPES = List.of(0, 3);

    static Stream<Arguments> cases() {
        return Stream.of("HTTP 500", "HTTP 401 echoing the token", "malformed JSON", "empty list", "null", "Infinity",
                "connection reset", "body over 1 MB", "redirect to another host", "slow drip")
                .flatMap(f -> SHAPES.stream().map(s -> Arguments.of(f, s)));
    }

    @BeforeAll
    static void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        elsewhere.start();
        StringBuilder yaml = new StringBuilder();
        List<WebProviderFaultMatrixTest.Shape> shapes = WebProviderFaultMatrixTest.shapes();
        for (int i = 0; i < shapes.size(); i++) {
            yaml.append(WebProviderFaultMatrixTest.template(i, shapes.get(i)));
        }
        templates = TemplateRegistry.of(AnalysisTemplateParser.registerOn(SpecLoader.create(), Map.of("web", NORMAL))
                .loadString("shapes.yaml", yaml.toString()).objects(AnalysisTemplate.class));
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

    /** Runs a canary with an analysis step until it is Healthy, Degraded or Paused; returns its operations. */
    private RolloutPhase rollout(int shape, WebMetricProvider provider, List<OperationRecord> operations)
            throws Exception {
        VirtualScheduler scheduler = new VirtualScheduler();
        EmbeddedCluster cluster = EmbeddedCluster.builder().name("embedded").clock(scheduler.clock())
                .defaultReadyDelay(Duration.ofSeconds(20)).build();
        AnalysisDriver.Counting counting = new AnalysisDriver.Counting(provider);
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(scheduler).templates(templates)
                .provider(counting).providerExecutor(Runnable::run)
                .secretResolver(new EnvironmentSecretResolver(
                        Map.of("ROLLOUT_SECRET_METRICS_API_TOKEN", WebProviderFaultMatrixTest.TOKEN), "ROLLOUT_SECRET_"))
                .build();
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster).analysisLauncher(launcher)
                .listener(events::add).build();
        cluster.deploy(APP, Revision.of("v1"), 5);
        AnalysisRef ref = new AnalysisRef(List.of(new AnalysisRef.TemplateRef("shape-" + shape, false)),
                List.of(AnalysisRef.Arg.of("base-url", "http://127.0.0.1:" + server.port())));
        RolloutHandle handle = engine.start(RolloutSpec.of("default", "app", 5, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(20), new CanaryStep.Analysis(ref), new CanaryStep.SetWeight(100)))),
                "embedded", Revision.of("v2"));
        AnalysisDriver.drive(scheduler, counting, () -> handle.status().phase().isTerminal()
                || handle.status().phase() == RolloutPhase.Paused);
        operations.addAll(cluster.operations(APP));
        events.forEach(SCAN::check);
        SCAN.check(handle.status());
        return handle.status().phase();
    }

    @Test
    void aHealthyEndpointPromotes() throws Exception {
        server.stubFor(get(urlEqualTo("/metric")).willReturn(okJson("{\"value\": 0.001}")));
        List<OperationRecord> ops = new ArrayList<>();

        assertThat(rollout(0, NORMAL, ops)).isEqualTo(RolloutPhase.Healthy);
        assertThat(ops).extracting(OperationRecord::describe).contains("MARK_STABLE default/app v2");
    }

    @ParameterizedTest(name = "{0} x shape {1}")
    @MethodSource("cases")
    void aFaultyEndpointNeverPromotes(String fault, int shape) throws Exception {
        server.stubFor(get(urlEqualTo("/metric")).willReturn(faultFor(fault)));
        List<OperationRecord> ops = new ArrayList<>();

        RolloutPhase phase = rollout(shape, fault.equals("slow drip") ? SHORT : NORMAL, ops);

        assertThat(phase).isIn(RolloutPhase.Degraded, RolloutPhase.Paused);
        assertThat(ops).extracting(OperationRecord::describe).doesNotContain("MARK_STABLE default/app v2")
                .noneMatch(d -> d.startsWith("SCALE default/app v2 replicas=5"));
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl())).size()).isZero();
    }

    private static ResponseDefinitionBuilder faultFor(String fault) {
        if (fault.equals("redirect to another host")) {
            return aResponse().withStatus(302).withHeader("Location", "http://localhost:" + elsewhere.port() + "/x");
        }
        return switch (fault) {
            case "HTTP 500" -> aResponse().withStatus(500);
            case "HTTP 401 echoing the token" -> aResponse().withStatus(401)
                    .withBody("bad " + WebProviderFaultMatrixTest.TOKEN);
            case "malformed JSON" -> okJson("{\"value\": ");
            case "empty list" -> okJson("{\"value\": []}");
            case "null" -> okJson("{\"value\": null}");
            case "Infinity" -> okJson("{\"value\": 1e999}");
            case "connection reset" -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
            case "body over 1 MB" -> okJson("{\"value\": 0.001, \"pad\": \"" + "x".repeat(1_100_000) + "\"}");
            case "slow drip" -> okJson("{\"value\": 0.001}" + " ".repeat(60)).withChunkedDribbleDelay(60, 6_000);
            default -> throw new IllegalArgumentException(fault);
        };
    }
}
