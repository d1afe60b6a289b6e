package dev.rollout.core.analysis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.web.WebMetricProvider;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.spec.SpecLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What {@code rollout simulate} does: templates from YAML, scripted values from a metrics file for
 * the metrics it names, the real web provider (against WireMock) for the others, a secret from
 * the environment.
 */
class AnalysisEndToEndTest {

    @Test
    void templatesFromFilesScriptedAndRealProvidersTogether() throws Exception {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(get(urlEqualTo("/api/checkout")).willReturn(aResponse()
                    .withBody("{\"data\": {\"rate\": 0.99}}")));
            WebMetricProvider web = new WebMetricProvider();
            List<AnalysisTemplate> templates = AnalysisTemplateParser
                    .registerOn(SpecLoader.create(), Map.of("web", web))
                    .load(Path.of("src/test/resources/analysis/e2e-templates.yaml"))
                    .objects(AnalysisTemplate.class);
            VirtualScheduler scheduler = new VirtualScheduler();
            DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder()
                    .scheduler(scheduler)
                    .templates(TemplateRegistry.of(templates))
                    .provider(web)
                    .scriptedMetrics(ScriptedMetrics.load(Path.of("src/test/resources/analysis/e2e-metrics.yaml")))
                    .secretResolver(new EnvironmentSecretResolver(
                            Map.of("ROLLOUT_SECRET_METRICS_API_TOKEN", "tok-123"), "ROLLOUT_SECRET_"))
                    .build();
            List<RolloutEvent> events = new CopyOnWriteArrayList<>();
            AnalysisRef ref = new AnalysisRef(List.of(new AnalysisRef.TemplateRef("canary-health", false)),
                    List.of(AnalysisRef.Arg.of("base-url", "http://127.0.0.1:" + server.port()),
                            AnalysisRef.Arg.of("service-name", "checkout")));
            AnalysisRun run = launcher.start(new AnalysisRunRequest("shop/checkout", "shop", "v2",
                    "checkout-v2-bg", ref, Map.of(), events::add), s -> { });
            scheduler.runDue();
            // success-rate has a count (3 x 5m); error-rate runs until the run is terminated
            while (!run.status().metrics().get(0).phase().isCompleted()) {
                boolean inFlight = run.status().metrics().stream().anyMatch(m -> !m.measurements().isEmpty()
                        && m.measurements().get(m.measurements().size() - 1).phase() == AnalysisPhase.Running);
                if (inFlight) {
                    assertThat(scheduler.awaitDue(Duration.ofSeconds(10))).as("web answered").isTrue();
                    scheduler.runDue();
                } else {
                    java.time.Instant next = scheduler.nextDue().orElseThrow();
                    scheduler.advance(Duration.ofMillis(
                            Math.max(0, next.toEpochMilli() - scheduler.clock().millis())));
                }
            }
            assertThat(run.status().phase()).isEqualTo(AnalysisPhase.Running);
            run.terminate();
            AnalysisRunStatus status = run.status();
            MetricResult errorRate = status.metrics().get(1);
            // 0.01 ok, null → default 0 ok, 0.2 fails (1 <= failureLimit 2), then 0.01 repeats
            assertThat(errorRate.failed()).isEqualTo(1);
            assertThat(errorRate.count()).isEqualTo(11);
            assertThat(errorRate.phase()).isEqualTo(AnalysisPhase.Successful);
            MetricResult successRate = status.metrics().get(0);
            assertThat(successRate.phase()).isEqualTo(AnalysisPhase.Successful);
            assertThat(successRate.count()).isEqualTo(3);
            assertThat(successRate.measurements()).allSatisfy(m -> assertThat(m.value()).contains("0.99"));
            assertThat(status.phase()).isEqualTo(AnalysisPhase.Successful);
            assertThat(status.message()).contains("run terminated");
            server.verify(3, getRequestedFor(urlEqualTo("/api/checkout"))
                    .withHeader("Authorization", equalTo("Bearer tok-123")));
            assertThat(events.toString()).doesNotContain("tok-123");
        } finally {
            server.stop();
        }
    }
}
