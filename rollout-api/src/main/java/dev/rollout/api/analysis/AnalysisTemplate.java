package dev.rollout.api.analysis;

import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
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
    /**
     * The canonical constructor: its parameter list grows with the record (a new field is a new
     * parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(String)}.
     */
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

    /**
     * A builder for a namespaced template named {@code name} that applies to any namespace,
     * with no args, metrics, rules or composed templates, loaded from {@code <inline>}.
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding every field of this template, to change some of them. */
    public Builder toBuilder() {
        return new Builder(name)
                .kind(kind).namespace(namespace.orElse(null)).args(args).metrics(metrics)
                .dryRun(dryRun).measurementRetention(measurementRetention).templates(templates)
                .source(source);
    }

    /**
     * Builds a {@link AnalysisTemplate}; each setter names the component it sets. Not
     * thread-safe.
     */
    public static final class Builder {
        private final String name;
        private Kind kind = Kind.AnalysisTemplate;
        private String namespace;
        private List<AnalysisArg> args = List.of();
        private List<Metric> metrics = List.of();
        private List<DryRun> dryRun = List.of();
        private List<MeasurementRetention> measurementRetention = List.of();
        private List<TemplateRef> templates = List.of();
        private String source = "<inline>";

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Sets {@link AnalysisTemplate#kind()}. */
        public Builder kind(Kind value) {
            this.kind = Objects.requireNonNull(value, "kind");
            return this;
        }

        /** Sets {@link AnalysisTemplate#namespace()}; null is none. */
        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        /** Sets {@link AnalysisTemplate#args()}. */
        public Builder args(List<AnalysisArg> value) {
            this.args = Objects.requireNonNull(value, "args");
            return this;
        }

        /** Sets {@link AnalysisTemplate#metrics()}. */
        public Builder metrics(List<Metric> value) {
            this.metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /** Sets {@link AnalysisTemplate#dryRun()}. */
        public Builder dryRun(List<DryRun> value) {
            this.dryRun = Objects.requireNonNull(value, "dryRun");
            return this;
        }

        /** Sets {@link AnalysisTemplate#measurementRetention()}. */
        public Builder measurementRetention(List<MeasurementRetention> value) {
            this.measurementRetention = Objects.requireNonNull(value, "measurementRetention");
            return this;
        }

        /** Sets {@link AnalysisTemplate#templates()}. */
        public Builder templates(List<TemplateRef> value) {
            this.templates = Objects.requireNonNull(value, "templates");
            return this;
        }

        /** Sets {@link AnalysisTemplate#source()}; null is {@code <inline>}. */
        public Builder source(String value) {
            this.source = value;
            return this;
        }

        /** The template. */
        public AnalysisTemplate build() {
            return new AnalysisTemplate(kind, name, Optional.ofNullable(namespace), args, metrics, dryRun,
                    measurementRetention, templates, source);
        }
    }

    /** The two template kinds, with Argo's names. */
    public enum Kind {
        AnalysisTemplate,
        ClusterAnalysisTemplate
    }
}
