package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.AnalysisRunRequest;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.spec.SpecLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The provider inside the analysis runtime: templates load with its validation, runs measure through it. */
class DatadogAnalysisIntegrationTest extends DatadogTestBase {
    private static final String TEMPLATE = """
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: error-rate
            spec:
              args:
              - name: service
              metrics:
              - name: error-rate
                interval: 1m
                count: 3
                successCondition: default(result, 0) <= 0.01
                provider:
                  datadog:
                    apiVersion: v2
                    interval: 5m
                    queries:
                      a: sum:trace.http.request.errors{service:{{args.service}}}.as_count()
                      b: sum:trace.http.request.hits{service:{{args.service}}}.as_count()
                    formula: a / b
            """;

    private final CountingProvider counting = new CountingProvider();

    /** Counts measurements in flight; a measurement counts until the engine has taken its result. */
    private final class CountingProvider implements MetricProvider {
        private int outstanding;

        @Override
        public String type() {
            return provider().type();
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            synchronized (this) {
                outstanding++;
            }
            CompletableFuture<MetricValue> mine = new CompletableFuture<>();
            provider().measure(request).whenComplete((value, error) -> {
                if (error == null) {
                    mine.complete(value);
                } else {
                    mine.completeExceptionally(error);
                }
                synchronized (this) {
                    outstanding--;
                    notifyAll();
                }
            });
            return mine;
        }

        synchronized void awaitIdle() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("a measurement never completed");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private AnalysisTemplate load(String yaml) {
        SpecLoader loader = AnalysisTemplateParser.registerOn(SpecLoader.create(), Map.of("datadog", provider()));
        return loader.loadString("error-rate.yaml", yaml).objects(AnalysisTemplate.class).get(0);
    }

    private AnalysisRunStatus run(String service) throws Exception {
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder()
                .scheduler(scheduler)
                .templates(TemplateRegistry.of(load(TEMPLATE)))
                .provider(counting)
                .conditionCompiler(Conditions::compile)
                .providerExecutor(Runnable::run)
                .build();
        CompletableFuture<AnalysisRunStatus> done = new CompletableFuture<>();
        launcher.start(new AnalysisRunRequest("default/" + service, "default", "2", service + "-2-step1",
                new AnalysisRef(List.of(new AnalysisRef.TemplateRef("error-rate", false)),
                        List.of(AnalysisRef.Arg.of("service", service))), Map.of(), event -> { }),
                status -> {
                    if (status.phase().isCompleted()) {
                        done.complete(status);
                    }
                });
        // Virtual time moves only while no measurement is in flight, to the next scheduled task.
        while (!done.isDone()) {
            counting.awaitIdle();
            if (!done.isDone()) {
                if (!scheduler.hasTasks()) {
                    throw new AssertionError("the run is neither finished nor waiting for anything");
                }
                scheduler.advanceToNext();
            }
        }
        return done.join();
    }

    private void answer(String service, String value) {
        server.stubFor(post(urlPathEqualTo("/api/v2/query/scalar"))
                .withRequestBody(matchingJsonPath("$.data.attributes.queries[0].query",
                        equalTo("sum:trace.http.request.errors{service:" + service + "}.as_count()")))
                .willReturn(okJson("{\"data\":{\"type\":\"scalar_response\",\"attributes\":{\"columns\":["
                        + "{\"name\":\"a / b\",\"type\":\"number\",\"values\":[" + value + "]}]}}}")));
    }

    @Test
    void aHealthyServicePassesAndAFailingOneFails() throws Exception {
        answer("checkout", "0.004");
        answer("cart", "0.2");

        AnalysisRunStatus healthy = run("checkout");
        AnalysisRunStatus failing = run("cart");

        assertThat(healthy.phase()).isEqualTo(AnalysisPhase.Successful);
        assertThat(healthy.metrics().get(0).count()).isEqualTo(3);
        assertThat(failing.phase()).isEqualTo(AnalysisPhase.Failed);
        server.verify(postRequestedFor(urlPathEqualTo("/api/v2/query/scalar"))
                .withRequestBody(matchingJsonPath("$.data.attributes.formulas[0].formula", equalTo("a / b"))));
    }

    @Test
    void noDataMeetsTheConditionsDefault() throws Exception {
        answer("search", "null");

        assertThat(run("search").phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @Test
    void aBrokenDatadogBlockIsASpecErrorAtLoadTimeWithItsLine() {
        String broken = TEMPLATE.replace("    formula: a / b\n", "    aggregator: median\n");

        Throwable thrown = catchThrowable(() -> load(broken));

        assertThat(thrown).isInstanceOf(InvalidSpecException.class);
        assertThat(thrown.getMessage()).contains("error-rate.yaml", "formula: is required with several queries",
                "aggregator: must be one of");
    }
}
