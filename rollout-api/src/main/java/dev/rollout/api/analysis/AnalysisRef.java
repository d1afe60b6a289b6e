package dev.rollout.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * A reference from a rollout to analysis templates, with the arguments passed to them
 * ({@code steps[].analysis}, {@code canary.analysis}, {@code prePromotionAnalysis}, ...).
 *
 * @param templates the templates, merged into one analysis run; never empty
 * @param args arguments for the templates' {@code {{args.name}}} placeholders
 */
public record AnalysisRef(List<TemplateRef> templates, List<Arg> args) {
    public AnalysisRef {
        templates = List.copyOf(templates);
        args = args == null ? List.of() : List.copyOf(args);
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("templates must not be empty");
        }
    }

    /** A reference to one namespaced template without args. */
    public static AnalysisRef of(String templateName) {
        return new AnalysisRef(List.of(new TemplateRef(templateName, false)), List.of());
    }

    /** A template by name; {@code clusterScope} selects a ClusterAnalysisTemplate. */
    public record TemplateRef(String templateName, boolean clusterScope) {
        public TemplateRef {
            Objects.requireNonNull(templateName, "templateName");
        }
    }

    /**
     * An argument given by the rollout: a literal value, or a value taken from a Secret.
     *
     * @param name the argument name
     * @param value the literal value, or null when {@code secretKeyRef} is set
     * @param secretKeyRef where a secret value comes from, or null
     */
    public record Arg(String name, String value, SecretKeyRef secretKeyRef) {
        public Arg {
            Objects.requireNonNull(name, "name");
        }

        public static Arg of(String name, String value) {
            return new Arg(name, value, null);
        }
    }

    /** A key of a named Secret, resolved through a {@code SecretResolver}. */
    public record SecretKeyRef(String name, String key) {
        public SecretKeyRef {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
        }
    }
}
