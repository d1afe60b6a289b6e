package dev.rollout.examples.cli;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.analysis.AnalysisChecker;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.provider.web.WebMetricProvider;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.prometheus.PrometheusMetricProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Loads Rollouts and analysis templates with every parser and provider check the CLI knows. */
final class SpecFiles {
    private SpecFiles() {
    }

    /**
     * Loads {@code files} with every check {@code RolloutEngine.start} makes of the analyses,
     * secrets only listed as needed (lint); throws {@code InvalidSpecException} listing every problem.
     */
    static LoadedSpecs load(List<Path> files, Map<String, MetricProvider> providers, String namespace) {
        return load(files, providers, namespace, registry -> AnalysisChecker.of(registry).providers(providers));
    }

    /** Loads {@code files}, resolving every secret arg through {@code secrets} (simulate). */
    static LoadedSpecs load(List<Path> files, Map<String, MetricProvider> providers, String namespace,
            SecretResolver secrets) {
        return load(files, providers, namespace, registry -> AnalysisChecker.of(registry)
                .providers(providers).resolvingSecrets(secrets));
    }

    /** {@code namespace} (may be null): where Rollouts without one are placed ({@code --namespace}). */
    private static LoadedSpecs load(List<Path> files, Map<String, MetricProvider> providers,
            String namespace, Function<TemplateRegistry, AnalysisChecker> checker) {
        SpecLoader loader = loader(providers).checkingAnalyses(checker);
        LoadedSpecs specs = (namespace == null ? loader : loader.inNamespace(namespace)).load(files);
        // What no single template can tell: compositions that resolve, no cycles, no clashes.
        List<InvalidSpecException.SpecProblem> problems =
                TemplateRegistry.of(specs.objects(AnalysisTemplate.class)).check();
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return specs;
    }

    /** A loader for Rollouts and both template kinds, checking provider blocks of {@code providers}. */
    static SpecLoader loader(Map<String, MetricProvider> providers) {
        // Argo users keep Services and Ingresses beside their Rollouts: documents of other API
        // groups are skipped, while a misspelt argoproj.io kind is still an error. Every template
        // a Rollout names must be among the files, or the analysis could never start.
        return AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), providers)
                .ignoringUnknownKinds()
                .checkingTemplateReferences();
    }

    /**
     * The real providers that measure metrics a metrics file does not script (lint only checks
     * their blocks), Datadog configured from {@code env}, Prometheus at each block's {@code address}
     * (else {@code ARGO_ROLLOUTS_PROMETHEUS_ADDRESS} of {@code env}).
     */
    static Map<String, MetricProvider> realProviders(Map<String, String> env) {
        Map<String, MetricProvider> providers = new LinkedHashMap<>();
        WebMetricProvider web = new WebMetricProvider();
        providers.put(web.type(), web);
        MetricProvider datadog = new DatadogFromEnvironment(env);
        providers.put(datadog.type(), datadog);
        // Configuration problems can only come from the address variable; they are bad input (64).
        PrometheusMetricProvider prometheus = PrometheusMetricProvider.fromEnvironment(env);
        providers.put(prometheus.type(), prometheus);
        return providers;
    }
}
