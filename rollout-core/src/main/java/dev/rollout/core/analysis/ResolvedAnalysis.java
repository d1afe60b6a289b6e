package dev.rollout.core.analysis;

import dev.rollout.api.Secret;
import dev.rollout.api.analysis.DryRun;
import dev.rollout.api.analysis.MeasurementRetention;
import dev.rollout.api.analysis.Metric;
import java.util.List;
import java.util.Map;

/**
 * Templates of one analysis reference flattened into one run's spec, with every arg resolved.
 *
 * @param templates names of the templates used, outermost first
 * @param metrics the metrics as written, in order
 * @param metricTemplates for each metric name, the template that declared it
 * @param args the value of every arg (secret values included)
 * @param secrets the secret values among {@code args}, to redact
 * @param dryRun dry-run rules of every template
 * @param measurementRetention retention rules of every template
 */
record ResolvedAnalysis(List<String> templates, List<Metric> metrics,
        Map<String, String> metricTemplates, Map<String, String> args, List<Secret> secrets,
        List<DryRun> dryRun, List<MeasurementRetention> measurementRetention) {
    public ResolvedAnalysis {
        templates = List.copyOf(templates);
        metrics = List.copyOf(metrics);
        metricTemplates = Map.copyOf(metricTemplates);
        args = Map.copyOf(args);
        secrets = List.copyOf(secrets);
        dryRun = List.copyOf(dryRun);
        measurementRetention = List.copyOf(measurementRetention);
    }
}
