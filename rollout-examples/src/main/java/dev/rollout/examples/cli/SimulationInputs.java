package dev.rollout.examples.cli;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.judge.JudgeMetricProvider;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.spec.LoadedObject;
import dev.rollout.prometheus.PrometheusConfig;
import dev.rollout.prometheus.PrometheusMetricProvider;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, before a simulation starts, that every metric the rollout will measure can be
 * measured: scripted in the metrics file, or through a real provider that is configured. A
 * simulation that could only end in provider errors is bad input (exit 64), not a rollback.
 */
final class SimulationInputs {
    private SimulationInputs() {
    }

    static void check(RolloutSpec spec, List<LoadedObject<AnalysisTemplate>> templates,
            Optional<ScriptedMetrics> scripted, Optional<String> metricsFile,
            Map<String, MetricProvider> providers) {
        List<SpecProblem> problems = new ArrayList<>();
        Set<String> measured = new LinkedHashSet<>();
        for (LoadedObject<AnalysisTemplate> loaded : referenced(spec, templates)) {
            List<Metric> metrics = loaded.value().metrics();
            for (int i = 0; i < metrics.size(); i++) {
                Metric metric = metrics.get(i);
                measured.add(metric.name());
                if (scripted.map(s -> s.scripts(metric.name())).orElse(false)) {
                    continue;
                }
                if (metric.providerType().equals(JudgeMetricProvider.TYPE)) {
                    List<String> sides = JudgeSides.of(metric);
                    measured.addAll(sides);
                    String index = "spec.metrics[" + i + "].provider.judge";
                    for (String why : JudgeSides.unmeasurable(metric, scripted, providers)) {
                        problems.add(new SpecProblem(loaded.file(), loaded.line(), index,
                                loaded.kind() + " " + loaded.name() + ", metric \"" + metric.name()
                                        + "\": " + why + "; script it in the --metrics file"));
                    }
                    continue;
                }
                Optional<String> why = unmeasurable(metric, providers);
                if (why.isPresent()) {
                    problems.add(new SpecProblem(loaded.file(), loaded.line(),
                            "spec.metrics[" + i + "].provider." + metric.providerType(),
                            loaded.kind() + " " + loaded.name() + ", metric \"" + metric.name()
                                    + "\": " + why.get() + "; script it in the --metrics file"));
                }
            }
        }
        if (scripted.isPresent()) {
            for (String name : scripted.get().metricNames()) {
                if (!measured.contains(name)) {
                    problems.add(new SpecProblem(metricsFile.orElse("<metrics>"), 0,
                            "metrics." + name, "no metric of the rollout's analysis templates is"
                                    + " named \"" + name + "\"; measured: " + String.join(", ", measured)));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    static Optional<String> unmeasurable(Metric metric, Map<String, MetricProvider> providers) {
        MetricProvider provider = providers.get(metric.providerType());
        if (provider == null) {
            return Optional.of("provider " + metric.providerType()
                    + " cannot be called by simulate (it can call: "
                    + String.join(", ", providers.keySet()) + ")");
        }
        if (provider instanceof DatadogFromEnvironment datadog && !datadog.configured()) {
            return Optional.of("Datadog is not configured (" + datadog.unconfiguredReason() + ")");
        }
        if (provider instanceof PrometheusMetricProvider prometheus) {
            List<String> unsupported = prometheus.unsupported(metric.provider());
            if (!unsupported.isEmpty()) {
                return Optional.of("prometheus." + String.join("; prometheus.", unsupported));
            }
            if (prometheus.defaultAddress().isEmpty() && metric.provider().get("address") == null) {
                return Optional.of("Prometheus has no address (set provider.prometheus.address or "
                        + PrometheusConfig.ADDRESS_VARIABLE + ")");
            }
        }
        return Optional.empty();
    }

    /** The templates the rollout refers to, with the templates they compose, each once. */
    private static List<LoadedObject<AnalysisTemplate>> referenced(RolloutSpec spec,
            List<LoadedObject<AnalysisTemplate>> templates) {
        Deque<TemplateRef> pending = new ArrayDeque<>();
        analysisRefs(spec).forEach(ref -> pending.addAll(ref.templates()));
        List<LoadedObject<AnalysisTemplate>> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            TemplateRef ref = pending.pop();
            if (!seen.add(ref.clusterScope() + "/" + ref.templateName())) {
                continue;
            }
            AnalysisTemplate.Kind kind = ref.clusterScope()
                    ? AnalysisTemplate.Kind.ClusterAnalysisTemplate : AnalysisTemplate.Kind.AnalysisTemplate;
            templates.stream()
                    .filter(t -> t.value().kind() == kind && t.value().name().equals(ref.templateName()))
                    .findFirst()
                    .ifPresent(t -> {
                        found.add(t);
                        pending.addAll(t.value().templates());
                    });
        }
        return found;
    }

    private static List<AnalysisRef> analysisRefs(RolloutSpec spec) {
        List<AnalysisRef> refs = new ArrayList<>();
        if (spec.strategy() instanceof CanaryStrategy canary) {
            canary.analysis().ifPresent(background -> refs.add(background.analysis()));
            for (CanaryStep step : canary.steps()) {
                if (step instanceof CanaryStep.Analysis analysis) {
                    refs.add(analysis.analysis());
                } else if (step instanceof CanaryStep.Experiment experiment) {
                    experiment.analysis().ifPresent(refs::add);
                }
            }
        } else if (spec.strategy() instanceof BlueGreenStrategy blueGreen) {
            blueGreen.prePromotionAnalysis().ifPresent(refs::add);
            blueGreen.postPromotionAnalysis().ifPresent(refs::add);
        }
        return refs;
    }
}
