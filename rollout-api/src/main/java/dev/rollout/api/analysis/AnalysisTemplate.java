package dev.rollout.api.analysis;

import dev.rollout.api.model.AnalysisRef.TemplateRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code AnalysisTemplate} or {@code ClusterAnalysisTemplate} ({@code argoproj.io/v1alpha1}).
 *
 * @param kind namespaced or cluster-wide
 * @param name {@code metadata.name}
 * @param namespace {@code metadata.namespace}; empty for cluster templates and for templates
 *     that apply to any namespace
 * @param args declared arguments
 * @param metrics the metrics, in order; may be empty only when {@code templates} is not
 * @param dryRun dry-run rules
 * @param measurementRetention retention rules
 * @param templates other templates whose metrics, args and rules this one includes
 * @param source where it was loaded from (a file name, or {@code <inline>})
 */
public record AnalysisTemplate(Kind kind, String name, Optional<String> namespace,
        List<AnalysisArg> args, List<Metric> metrics, List<DryRun> dryRun,
        List<MeasurementRetention> measurementRetention, List<TemplateRef> templates,
        String source) {
    public AnalysisTemplate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        args = List.copyOf(args);
        metrics = List.copyOf(metrics);
        dryRun = List.copyOf(dryRun);
        measurementRetention = List.copyOf(measurementRetention);
        templates = List.copyOf(templates);
        source = source == null ? "<inline>" : source;
    }

    /** A namespaced template with only args and metrics. */
    public static AnalysisTemplate of(String name, List<AnalysisArg> args, List<Metric> metrics) {
        return new AnalysisTemplate(Kind.AnalysisTemplate, name, Optional.empty(), args, metrics,
                List.of(), List.of(), List.of(), "<inline>");
    }

    /** The two template kinds, with Argo's names. */
    public enum Kind {
        AnalysisTemplate,
        ClusterAnalysisTemplate
    }
}
