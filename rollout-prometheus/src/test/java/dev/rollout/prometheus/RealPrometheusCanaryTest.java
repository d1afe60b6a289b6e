package dev.rollout.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two canaries decided by a real Prometheus from real PromQL: the test serves an exporter whose
 * {@code checkout} service answers 0% errors and fast, {@code payments} 20% errors, and
 * {@code search} no errors but slowly; Prometheus scrapes it every second; the engine measures
 * {@code sum(rate(...[10s])) / sum(rate(...[10s]))} and {@code histogram_quantile(0.95, ...)}
 * through the provider. Real time is unavoidable (Prometheus scrapes on its own clock); every
 * wait is bounded. Without {@code /usr/bin/prometheus} the class fails, it does not skip.
 */
@Timeout(90)
class RealPrometheusCanaryTest {
    private static final String SPECS = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: %1$s, namespace: shop}
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                  - setWeight: 25
                  - analysis:
                      templates:
                      - templateName: golden-signals
                      args:
                      - name: service
                        value: %1$s
                      - name: address
                        value: %2$s
                  - setWeight: 100
            """;
    private static final String TEMPLATE = """
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: golden-signals, namespace: shop}
            spec:
              args:
              - name: service
              - name: address
              metrics:
              - name: error-rate
                interval: 1s
                count: 3
                successCondition: result[0] <= 0.05
                provider:
                  prometheus:
                    address: "{{args.address}}"
                    timeout: 5
                    headers:
                    - {key: X-Scope-OrgID, value: shop}
                    query: |
                      sum(rate(http_requests_total{service="{{args.service}}",status=~"5.."}[10s]))
                      /
                      sum(rate(http_requests_total{service="{{args.service}}"}[10s]))
              - name: p95-latency
                interval: 1s
                count: 3
                successCondition: all(result, {# < 0.5})
                provider:
                  prometheus:
                    address: "{{args.address}}"
                    query: >
                      histogram_quantile(0.95, sum(rate(http_request_duration_seconds_bucket{service="{{args.service}}"}[10s])) by (le))
            """;

    private static RealPrometheus prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        assertThat(Files.isExecutable(RealPrometheus.BINARY))
                .as("%s is missing: these tests need a real Prometheus server. Install the Debian package:"
                        + " apt-get update && apt-get install -y prometheus", RealPrometheus.BINARY)
                .isTrue();
        prometheus = RealPrometheus.start(Map.of(
                "checkout", new RealPrometheus.Traffic(100, 0, Map.of("0.05", 60, "0.1", 35, "0.25", 5)),
                "payments", new RealPrometheus.Traffic(80, 20, Map.of("0.1", 100)),
                "search", new RealPrometheus.Traffic(100, 0, Map.of("0.1", 30, "1", 20, "2.5", 50))));
        // rate() over [10s] needs two samples; wait for four, so every aligned query time has data.
        prometheus.awaitQuery("count_over_time(http_requests_total{service=\"payments\",status=\"500\"}[10s])",
                body -> body.matches("(?s).*\"value\":\\[[0-9.]+,\"([4-9]|1[0-9])\"].*"), Duration.ofSeconds(25));
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void theHealthyCanaryIsPromotedAndTheFailingOnesAborted() throws Exception {
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        Map<String, String> props = Map.of("prometheus.maxRetries", "1", "prometheus.retryBackoff", "200ms");
        try (ExecutorScheduler scheduler = new ExecutorScheduler();
                PrometheusMetricProvider provider = PrometheusMetricProvider.builder(props::get).build()) {
            LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of("prometheus", provider))
                    .loadString("canaries.yaml", SPECS.formatted("checkout", prometheus.address()) + "---\n"
                            + SPECS.formatted("payments", prometheus.address()) + "---\n"
                            + SPECS.formatted("search", prometheus.address())
                            + "---\n" + TEMPLATE);
            EmbeddedCluster cluster = EmbeddedCluster.builder().name("prod").clock(scheduler.clock())
                    .defaultReadyDelay(Duration.ofMillis(100)).build();
            DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                    .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                    .provider(provider).conditionCompiler(Conditions::compile).build();
            try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster)
                    .analysisLauncher(launcher).listener(events::add).build()) {
                RolloutHandle healthy = start(engine, cluster, specs, "checkout");
                RolloutHandle failing = start(engine, cluster, specs, "payments");
                RolloutHandle slow = start(engine, cluster, specs, "search");

                RolloutStatus promoted = healthy.await(Duration.ofSeconds(30));
                RolloutStatus aborted = failing.await(Duration.ofSeconds(30));
                RolloutStatus tooSlow = slow.await(Duration.ofSeconds(30));

                assertThat(promoted.phase()).as(promoted.message()).isEqualTo(RolloutPhase.Healthy);
                assertThat(promoted.stableRevision()).isEqualTo("2.0.0");
                assertThat(measured(events, "checkout", "error-rate")).hasSize(3)
                        .allSatisfy(m -> assertThat(m.phase()).isEqualTo(AnalysisPhase.Successful))
                        .allSatisfy(m -> assertThat(m.value()).hasValue("[0]"));
                assertThat(measured(events, "checkout", "p95-latency")).hasSize(3)
                        .allSatisfy(m -> assertThat(number(m.value().orElseThrow())).isBetween(0.05, 0.25));

                assertThat(aborted.phase()).as(aborted.message()).isEqualTo(RolloutPhase.Degraded);
                assertThat(aborted.aborted()).isTrue();
                assertThat(aborted.stableRevision()).isEqualTo("1.0.0");
                assertThat(aborted.canaryWeight()).isZero();
                assertThat(aborted.message()).contains("error-rate");
                // 20 of 100 requests per scrape are 5xx: the real rate() ratio is 0.2.
                assertThat(measured(events, "payments", "error-rate")).first().satisfies(m -> {
                    assertThat(m.phase()).isEqualTo(AnalysisPhase.Failed);
                    assertThat(number(m.value().orElseThrow())).isCloseTo(0.2, within(1e-9));
                });

                // No errors, but half the search requests take over 1 s: histogram_quantile puts its
                // p95 in the 1-2.5 s bucket, and all(result, {# < 0.5}) fails.
                assertThat(tooSlow.phase()).as(tooSlow.message()).isEqualTo(RolloutPhase.Degraded);
                assertThat(tooSlow.message()).contains("p95-latency");
                assertThat(measured(events, "search", "p95-latency")).first().satisfies(m -> {
                    assertThat(m.phase()).isEqualTo(AnalysisPhase.Failed);
                    assertThat(number(m.value().orElseThrow())).isBetween(1.0, 2.5);
                });
            }
        }
        assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Promoted)
                .extracting(RolloutEvent::rolloutId).containsExactly("shop/checkout");
        assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Aborted)
                .extracting(RolloutEvent::rolloutId).containsExactlyInAnyOrder("shop/payments", "shop/search");
    }

    private static RolloutHandle start(RolloutEngine engine, EmbeddedCluster cluster, LoadedSpecs specs,
            String name) {
        RolloutSpec spec = specs.rollouts().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        cluster.deploy(new WorkloadRef("shop", name), Revision.of("1.0.0"), 4);
        return engine.start(spec, "prod", Revision.of("2.0.0"));
    }

    /** The number in a one-sample vector as shown in a measurement ({@code [0.2]}). */
    private static double number(String shown) {
        return Double.parseDouble(shown.replaceAll("[\\[\\]]", ""));
    }

    /** The measurements of {@code metric} in rollout {@code shop/<service>}, in order. */
    private static List<Measurement> measured(List<RolloutEvent> events, String service, String metric) {
        return events.stream().filter(e -> e instanceof RolloutEvent.AnalysisMeasured)
                .map(e -> (RolloutEvent.AnalysisMeasured) e)
                .filter(e -> e.rolloutId().equals("shop/" + service) && e.metricName().equals(metric))
                .map(RolloutEvent.AnalysisMeasured::measurement).toList();
    }
}
