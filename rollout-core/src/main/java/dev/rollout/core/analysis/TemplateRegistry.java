package dev.rollout.core.analysis;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.AnalysisTemplate.Kind;
import dev.rollout.api.analysis.DryRun;
import dev.rollout.api.analysis.MeasurementRetention;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.spi.SecretResolver;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The analysis templates known to a launcher: namespaced {@code AnalysisTemplate}s and
 * {@code ClusterAnalysisTemplate}s. A namespaced template loaded without a namespace serves every
 * namespace; one with a namespace wins over it in that namespace. Immutable and thread-safe.
 */
public final class TemplateRegistry {
    private final Map<String, AnalysisTemplate> namespaced;
    private final Map<String, AnalysisTemplate> cluster;

    private TemplateRegistry(Map<String, AnalysisTemplate> namespaced,
            Map<String, AnalysisTemplate> cluster) {
        this.namespaced = Map.copyOf(namespaced);
        this.cluster = Map.copyOf(cluster);
    }

    /** A registry of {@code templates}; a later template replaces an earlier one of the same kind, namespace and name. */
    public static TemplateRegistry of(Collection<AnalysisTemplate> templates) {
        Map<String, AnalysisTemplate> namespaced = new LinkedHashMap<>();
        Map<String, AnalysisTemplate> cluster = new LinkedHashMap<>();
        for (AnalysisTemplate t : templates) {
            if (t.kind() == Kind.ClusterAnalysisTemplate) {
                cluster.put(t.name(), t);
            } else {
                namespaced.put(key(t.namespace().orElse(""), t.name()), t);
            }
        }
        return new TemplateRegistry(namespaced, cluster);
    }

    /** A registry of {@code templates}. */
    public static TemplateRegistry of(AnalysisTemplate... templates) {
        return of(List.of(templates));
    }

    /** Every template, namespaced ones first. */
    public List<AnalysisTemplate> all() {
        List<AnalysisTemplate> all = new ArrayList<>(namespaced.values());
        all.addAll(cluster.values());
        return all;
    }

    /** The template {@code ref} names, as seen from {@code namespace}. */
    public Optional<AnalysisTemplate> find(String namespace, TemplateRef ref) {
        if (ref.clusterScope()) {
            return Optional.ofNullable(cluster.get(ref.templateName()));
        }
        AnalysisTemplate exact = namespaced.get(key(namespace, ref.templateName()));
        return Optional.ofNullable(exact != null ? exact : namespaced.get(key("", ref.templateName())));
    }

    /**
     * Flattens the templates of {@code ref} (and the templates they compose) into one run's spec
     * and resolves every arg: the rollout's args first, then {@code context}, then the template's
     * defaults; secret args through {@code secrets}.
     *
     * @throws InvalidSpecException if a template is missing or composes itself, two metrics share
     *     a name, an arg is given two different defaults, a required arg has no value or a secret
     *     cannot be resolved
     */
    // Package-private: its result is an internal type; callers outside check specs with check().
    ResolvedAnalysis resolve(String namespace, AnalysisRef ref, Map<String, String> context,
            SecretResolver secrets) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(ref, "analysis");
        List<SpecProblem> problems = new ArrayList<>();
        Flattened flat = new Flattened();
        for (TemplateRef t : ref.templates()) {
            flatten(namespace, t, "<analysis>", flat, new LinkedHashSet<>(), problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<Secret> secretValues = new ArrayList<>();
        String where = String.join(",", flat.names);
        for (AnalysisArg declared : flat.args.values()) {
            AnalysisRef.Arg given = ref.args().stream().filter(a -> a.name().equals(declared.name()))
                    .reduce((a, b) -> b).orElse(null);
            Optional<String> value = Optional.empty();
            Optional<SecretKeyRef> secretRef = Optional.empty();
            if (given != null && given.value() != null) {
                value = Optional.of(given.value());
            } else if (given != null && given.secretKeyRef() != null) {
                secretRef = Optional.of(given.secretKeyRef());
            } else if (context.containsKey(declared.name())) {
                value = Optional.of(context.get(declared.name()));
            } else {
                value = declared.value();
                secretRef = declared.secretKeyRef();
            }
            String field = "args." + declared.name();
            if (value.isPresent()) {
                values.put(declared.name(), value.get());
            } else if (secretRef.isPresent()) {
                SecretKeyRef s = secretRef.get();
                Optional<Secret> secret = secrets == null ? Optional.empty()
                        : secrets.resolve(namespace, s.name(), s.key());
                if (secret.isEmpty()) {
                    problems.add(new SpecProblem(where, 0, field, "secret \"" + s.name() + "\" key \""
                            + s.key() + "\" not found in namespace \"" + namespace + "\""
                            + (secrets == null ? " (no secret resolver is configured)" : "")));
                } else {
                    values.put(declared.name(), secret.get().reveal());
                    secretValues.add(secret.get());
                }
            } else {
                problems.add(new SpecProblem(where, 0, field,
                        "is required: the template gives no value and the rollout passes none"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new ResolvedAnalysis(flat.names, flat.metrics, flat.metricTemplates, values,
                secretValues, flat.dryRun, flat.retention);
    }

    /**
     * Checks what loading each template alone could not: that the templates it composes exist,
     * compose no cycle, share no metric name, give no arg two different defaults, and that every
     * {@code {{args.x}}} in a composing template's own metrics names an arg declared somewhere in
     * its composition. For
     * {@code rollout lint}; empty when every composition resolves.
     */
    public List<SpecProblem> check() {
        List<SpecProblem> problems = new ArrayList<>();
        for (AnalysisTemplate t : all()) {
            if (t.templates().isEmpty()) {
                continue;
            }
            TemplateRef self = new TemplateRef(t.name(), t.kind() == Kind.ClusterAnalysisTemplate);
            Flattened flat = new Flattened();
            int before = problems.size();
            flatten(t.namespace().orElse(""), self, t.source(), flat, new LinkedHashSet<>(), problems);
            if (problems.size() == before) {
                checkArgNames(t, flat, problems);
            }
        }
        return problems;
    }

    /**
     * The arg check the parser skips for composing templates: each {@code {{args.x}}} in the
     * template's own metrics must name an arg declared by some template of its composition.
     */
    private static void checkArgNames(AnalysisTemplate t, Flattened flat, List<SpecProblem> problems) {
        String declared = flat.args.isEmpty() ? "none" : String.join(", ", flat.args.keySet());
        for (Metric m : t.metrics()) {
            Set<String> used = Placeholders.names(List.of(m.interval(), m.initialDelay(), m.count(),
                    m.successCondition(), m.failureCondition(), m.failureLimit(), m.inconclusiveLimit(),
                    m.consecutiveErrorLimit(), m.consecutiveSuccessLimit()).stream()
                    .flatMap(Optional::stream).toList());
            used.addAll(Placeholders.names(m.provider()));
            for (String arg : used) {
                if (!flat.args.containsKey(arg)) {
                    problems.add(new SpecProblem(t.source(), 0, "spec.metrics[" + m.name() + "]",
                            t.kind() + " " + t.name() + ", metric \"" + m.name() + "\": {{args." + arg
                                    + "}} names no arg of the composition " + String.join(", ", flat.names)
                                    + "; declared: " + declared));
                }
            }
        }
    }

    private void flatten(String namespace, TemplateRef ref, String from, Flattened flat,
            Set<String> path, List<SpecProblem> problems) {
        String id = (ref.clusterScope() ? "ClusterAnalysisTemplate/" : "AnalysisTemplate/")
                + ref.templateName();
        if (!path.add(id)) {
            problems.add(new SpecProblem(from, 0, "spec.templates",
                    "templates compose each other in a cycle: " + String.join(" -> ", path) + " -> " + id));
            return;
        }
        Optional<AnalysisTemplate> found = find(namespace, ref);
        if (found.isEmpty()) {
            problems.add(new SpecProblem(from, 0, "spec.templates", id + " not found"
                    + (ref.clusterScope() ? "" : namespace.isEmpty()
                            ? " among the templates that name no namespace (the Rollout names none)"
                            : " in namespace \"" + namespace + "\"")));
            path.remove(id);
            return;
        }
        AnalysisTemplate t = found.get();
        flat.names.add(t.name());
        for (TemplateRef nested : t.templates()) {
            flatten(namespace, nested, t.source(), flat, path, problems);
        }
        for (Metric m : t.metrics()) {
            String previous = flat.metricTemplates.putIfAbsent(m.name(), t.name());
            if (previous != null) {
                problems.add(new SpecProblem(t.source(), 0, "spec.metrics[" + m.name() + "]",
                        "two metrics have the same name \"" + m.name() + "\" (templates " + previous
                                + " and " + t.name() + ")"));
            } else {
                flat.metrics.add(m);
            }
        }
        for (AnalysisArg arg : t.args()) {
            AnalysisArg previous = flat.args.get(arg.name());
            if (previous == null || previous.isRequired()) {
                flat.args.put(arg.name(), arg);
            } else if (previous.value().isPresent() && arg.value().isPresent()
                    && !previous.value().equals(arg.value())) {
                problems.add(new SpecProblem(t.source(), 0, "spec.args." + arg.name(),
                        "given different values by the composed templates: \"" + previous.value().get()
                                + "\" and \"" + arg.value().get() + "\""));
            }
        }
        flat.dryRun.addAll(t.dryRun());
        flat.retention.addAll(t.measurementRetention());
        path.remove(id);
    }

    /**
     * The composition of {@code ref} as seen from {@code namespace} ({@code ""}: a Rollout that
     * names none, which sees only templates that name none either); problems are added.
     */
    Flattened compose(String namespace, AnalysisRef ref, List<SpecProblem> problems) {
        Flattened flat = new Flattened();
        for (TemplateRef t : ref.templates()) {
            flatten(namespace, t, "<analysis>", flat, new LinkedHashSet<>(), problems);
        }
        return flat;
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    static final class Flattened {
        final List<String> names = new ArrayList<>();
        final List<Metric> metrics = new ArrayList<>();
        final Map<String, String> metricTemplates = new LinkedHashMap<>();
        final Map<String, AnalysisArg> args = new LinkedHashMap<>();
        final List<DryRun> dryRun = new ArrayList<>();
        final List<MeasurementRetention> retention = new ArrayList<>();
    }
}
