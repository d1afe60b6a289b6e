package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.IntOrPercent;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.AnalysisChecker;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.provider.web.WebMetricProvider;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.state.InMemoryStateStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code RolloutEngine.start} refuses, before anything changes on the cluster, every analysis that
 * could not start, with the message the loader's check (lint) gives.
 */
class StartChecksTest {
    private static final WorkloadRef APP = new WorkloadRef("shop", "app");
    private static final Map<String, MetricProvider> PROVIDERS = Map.of("web", new WebMetricProvider());

    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: app, namespace: shop}
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                  - setWeight: 25
                  - analysis:
                      templates:
                      - templateName: %s
                      args: %s
                  - setWeight: 50
            """;

    private static final String TEMPLATES = """
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: errors}
            spec:
              args:
              - name: base
              - name: token
                valueFrom: {secretKeyRef: {name: metrics-api, key: token}}
              metrics:
              - name: error-rate
                successCondition: result < 0.05
                provider:
                  web:
                    url: "{{args.base}}/errors"
                    headers: [{key: Authorization, value: "Bearer {{args.token}}"}]
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: errors-too}
            spec:
              metrics:
              - name: error-rate
                provider:
                  web: {url: "http://metrics.shop/other"}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: both}
            spec:
              templates:
              - templateName: errors
              - templateName: errors-too
            """;

    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final EmbeddedCluster cluster = EmbeddedCluster.create(scheduler.clock());
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final EnvironmentSecretResolver secrets = new EnvironmentSecretResolver(
            Map.of("ROLLOUT_SECRET_METRICS_API_TOKEN", "tok-123"), "ROLLOUT_SECRET_");

    private static String yaml(String template, String args) {
        return ROLLOUT.formatted(template, args) + TEMPLATES;
    }

    private RolloutEngine engine(LoadedSpecs specs) {
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                .provider(PROVIDERS.values().toArray(MetricProvider[]::new))
                .secretResolver(secrets).build();
        return RolloutEngine.builder().scheduler(scheduler).stateStore(store).target(cluster)
                .analysisLauncher(launcher).build();
    }

    /** Starts the file's Rollout; returns the messages it was refused with. */
    private List<String> refusedAtStart(String yaml) {
        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), PROVIDERS)
                .loadString("r.yaml", yaml);
        cluster.deploy(APP, Revision.of("v1"), 4);
        RolloutEngine engine = engine(specs);
        InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> engine.start(specs.rollouts().get(0), cluster.name(), Revision.of("v2")));
        // Nothing moved, nothing was stored: the canary never took traffic.
        assertThat(cluster.writes()).isZero();
        assertThat(store.list()).isEmpty();
        return e.problems().stream().map(p -> p.field() + ": " + p.message()).toList();
    }

    /** The loader's check of the same file, as lint and simulate run it. */
    private List<SpecProblem> refusedByLoader(String yaml) {
        SpecLoader loader = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), PROVIDERS)
                .checkingAnalyses(r -> AnalysisChecker.of(r).providers(PROVIDERS).resolvingSecrets(secrets));
        InvalidSpecException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidSpecException.class,
                () -> loader.loadString("r.yaml", yaml));
        return e.problems();
    }

    private void refusedAlike(String yaml, String field, String message, int line) {
        assertThat(refusedAtStart(yaml)).containsExactly(field + ": " + message);
        assertThat(refusedByLoader(yaml)).containsExactly(new SpecProblem("r.yaml", line, field, message));
    }

    @Test
    void aMissingTemplateIsRefusedAtStartNotWhenItsStepIsReached() {
        refusedAlike(yaml("error-rate", "[{name: base, value: 'http://m'}]"),
                "spec.strategy.canary.steps[1].analysis.templates[0].templateName",
                "AnalysisTemplate \"error-rate\" not found in namespace \"shop\"", 12);
    }

    @Test
    void aRequiredArgWithoutValueIsRefused() {
        refusedAlike(yaml("errors", "[]"), "spec.strategy.canary.steps[1].analysis",
                "arg \"base\" of errors is required: the template gives no value and the rollout passes none", 10);
    }

    @Test
    void aSecretThatCannotBeResolvedIsRefused() {
        String yaml = yaml("errors", "[{name: base, value: 'http://m'}]").replace("key: token", "key: tokn");
        refusedAlike(yaml, "spec.strategy.canary.steps[1].analysis", "secret \"metrics-api\" key \"tokn\""
                + " (arg \"token\" of errors) not found in namespace \"shop\"", 10);
    }

    @Test
    void aWebUrlThatIsInvalidOnceArgsAreSubstitutedIsRefused() {
        refusedAlike(yaml("errors", "[{name: base, value: 'metrics.shop'}]"),
                "spec.strategy.canary.steps[1].analysis", "AnalysisTemplate errors, metric \"error-rate\":"
                        + " web.url: must start with http:// or https:// (with {{args.*}} substituted)", 10);
        refusedAlike(yaml("errors", "[{name: base, value: 'http://metrics shop'}]"),
                "spec.strategy.canary.steps[1].analysis", "AnalysisTemplate errors, metric \"error-rate\":"
                        + " web.url: is not a valid URL: Illegal character in authority:"
                        + " http://metrics shop/errors (with {{args.*}} substituted)", 10);
    }

    @Test
    void metricNamesMustBeUniqueAcrossTheTemplatesAStepMerges() {
        refusedAlike(yaml("both", "[{name: base, value: 'http://m'}]"),
                "spec.strategy.canary.steps[1].analysis",
                "two metrics have the same name \"error-rate\" (templates errors and errors-too)", 10);
    }

    @Test
    void aValidSpecStartsWithSecretsAndArgsResolved() {
        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), PROVIDERS)
                .checkingAnalyses(r -> AnalysisChecker.of(r).providers(PROVIDERS).resolvingSecrets(secrets))
                .loadString("r.yaml", yaml("errors", "[{name: base, value: 'http://m'}]"));
        cluster.deploy(APP, Revision.of("v1"), 4);
        engine(specs).start(specs.rollouts().get(0), cluster.name(), Revision.of("v2"));
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void aPercentageAboveAHundredIsRefusedAtStartAsTheLoaderRefusesIt() {
        RolloutSpec spec = RolloutSpec.of("shop", "app", 4, CanaryStrategy.of(List.of())
                .withSurge(IntOrPercent.percent(150), IntOrPercent.percent(25)));
        cluster.deploy(APP, Revision.of("v1"), 4);
        assertThatThrownBy(() -> engine(new LoadedSpecs(List.of())).start(spec, cluster.name(), Revision.of("v2")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("<inline>: spec.strategy.canary.maxSurge: must be a percentage within 0%..100%, was 150%");
        assertThat(cluster.writes()).isZero();
    }

    @Test
    void anAskedForFirstDeployEndsAnOpenEndedBackgroundAnalysisOnceEachMetricMeasuredThenPromotes() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: app, namespace: shop}
                spec:
                  replicas: 4
                  strategy:
                    canary:
                      analysis:
                        templates: [{templateName: watch}]
                      steps: [{setWeight: 50}]
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: watch}
                spec:
                  metrics:
                  - name: error-rate
                    interval: 1m
                    initialDelay: 30s
                    successCondition: result < 0.05
                    provider:
                      web: {url: "http://127.0.0.1:1/never-called"}
                """;
        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), PROVIDERS)
                .loadString("r.yaml", yaml);
        for (String value : new String[] {"0.01", "0.5"}) {
            VirtualScheduler clock = new VirtualScheduler();
            EmbeddedCluster empty = EmbeddedCluster.create(clock.clock());
            DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder().scheduler(clock)
                    .templates(TemplateRegistry.of(specs.objects(AnalysisTemplate.class)))
                    .scriptedMetrics(dev.rollout.core.provider.scripted.ScriptedMetrics.parse("m.yaml",
                            "metrics:\n  error-rate:\n    values: [" + value + "]\n"))
                    .providerExecutor(Runnable::run).build();
            RolloutEngine engine = RolloutEngine.builder().scheduler(clock).target(empty)
                    .analysisLauncher(launcher).build();
            RolloutHandle h = engine.start(specs.rollouts().get(0), empty.name(), Revision.of("v2"),
                    StartOptions.firstDeploy());
            clock.advance(java.time.Duration.ofSeconds(29));
            assertThat(h.status().phase()).as("not stable before the first measurement")
                    .isEqualTo(dev.rollout.api.model.RolloutPhase.Progressing);
            clock.runUntilIdle(java.time.Duration.ofHours(1));
            List<String> ops = empty.operations(APP).stream()
                    .map(dev.rollout.core.embedded.OperationRecord::describe).toList();
            if (value.equals("0.01")) {
                assertThat(h.status().phase()).isEqualTo(dev.rollout.api.model.RolloutPhase.Healthy);
                assertThat(ops).containsExactly("SCALE shop/app v2 replicas=4", "MARK_STABLE shop/app v2");
            } else {
                assertThat(h.status().phase()).isEqualTo(dev.rollout.api.model.RolloutPhase.Degraded);
                assertThat(h.status().message()).startsWith("Rollout aborted first deploy of revision v2:"
                        + " analysis run app-v2-first-deploy-0-1 Failed");
                assertThat(ops).containsExactly("SCALE shop/app v2 replicas=4", "SCALE shop/app v2 replicas=0");
            }
            // Ended after one measurement: the open-ended metric did not hold the deploy for an hour.
            assertThat(h.status().analysisRuns()).singleElement().satisfies(run ->
                    assertThat(run.metrics().get(0).count()).isEqualTo(1));
        }
    }
}
