package dev.rollout.core.analysis;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before anything runs, everything about a rollout's analyses that can be known without
 * measuring: every template exists (namespaced, cluster-scoped, blue/green pre- and
 * post-promotion ones included), compositions have no cycle and no two metrics of the templates
 * an analysis merges share a name, every template arg is supplied or defaulted, secret args
 * resolve (or, without a resolver, are listed as needed), and each provider block is valid once
 * its {@code {{args.*}}} are substituted (known values where they are known, dummy values for
 * secrets and for the values the engine passes at run time). The one checker used by
 * {@code rollout lint}, {@code rollout simulate} and {@code RolloutEngine.start}, so they refuse
 * the same specs with the same messages. Immutable and thread-safe.
 */
public final class AnalysisChecker {
    /** Args the engine passes every run ({@code Runs}), available where a template declares them. */
    public static final Set<String> ENGINE_ARGS =
            Set.of("rollout.name", "rollout.namespace", "revision", "stableRevision");

    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([^}\\s]+)\\s*}}");
    /** Stands for a value unknown before the run where it starts a string (a whole URL, say). */
    static final String DUMMY_URL = "http://placeholder.invalid";
    /** Stands for a value unknown before the run anywhere else. */
    static final String DUMMY = "placeholder";

    private final TemplateRegistry templates;
    private final Map<String, MetricProvider> providers;
    private final boolean resolveSecrets;
    private final SecretResolver secrets;

    private AnalysisChecker(TemplateRegistry templates, Map<String, MetricProvider> providers,
            boolean resolveSecrets, SecretResolver secrets) {
        this.templates = templates;
        this.providers = Map.copyOf(providers);
        this.resolveSecrets = resolveSecrets;
        this.secrets = secrets;
    }

    /** A checker over {@code templates} that validates no provider block and lists secrets as needed. */
    public static AnalysisChecker of(TemplateRegistry templates) {
        return new AnalysisChecker(Objects.requireNonNull(templates, "templates"), Map.of(), false, null);
    }

    /** A copy that validates provider blocks with these providers, by {@link MetricProvider#type()}. */
    public AnalysisChecker providers(Map<String, MetricProvider> byType) {
        return new AnalysisChecker(templates, byType, resolveSecrets, secrets);
    }

    /**
     * A copy that resolves every secret arg through {@code resolver}; a secret it cannot find is a
     * problem. A null resolver makes every secret arg a problem (nothing could resolve it).
     */
    public AnalysisChecker resolvingSecrets(SecretResolver resolver) {
        return new AnalysisChecker(templates, providers, true, resolver);
    }

    /** Every problem of every analysis of {@code spec}, each at its analysis field; empty when all resolve. */
    public List<SpecProblem> check(RolloutSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        for (SpecAnalysis a : SpecAnalysis.of(spec)) {
            problems.addAll(check(spec.namespace(), a));
        }
        return problems;
    }

    /**
     * The secrets the analyses of {@code spec} read when they run, one entry per secret arg at
     * its analysis field; what {@code rollout lint}, which cannot read secrets, reports as needed.
     */
    public List<SpecProblem> secretsNeeded(RolloutSpec spec) {
        List<SpecProblem> needed = new ArrayList<>();
        for (SpecAnalysis a : SpecAnalysis.of(spec)) {
            walk(spec.namespace(), a, new ArrayList<>(), needed);
        }
        return needed;
    }

    /** The problems of one analysis, as seen from {@code namespace} (empty: the Rollout names none). */
    public List<SpecProblem> check(Optional<String> namespace, SpecAnalysis analysis) {
        List<SpecProblem> problems = new ArrayList<>();
        walk(namespace, analysis, problems, new ArrayList<>());
        return problems;
    }

    /**
     * The message for a template reference that resolves to nothing, as seen from
     * {@code namespace} (empty: a Rollout that names none); shared with the loader's check.
     */
    public static String missingTemplate(TemplateRef ref, Optional<String> namespace) {
        return (ref.clusterScope() ? "ClusterAnalysisTemplate" : "AnalysisTemplate") + " \""
                + ref.templateName() + "\" not found" + (ref.clusterScope() ? ""
                        : namespace.map(ns -> " in namespace \"" + ns + "\"")
                                .orElse(" among the templates that name no namespace (the Rollout names none)"));
    }

    private void walk(Optional<String> namespace, SpecAnalysis a, List<SpecProblem> problems,
            List<SpecProblem> needed) {
        List<TemplateRef> refs = a.analysis().templates();
        boolean missing = false;
        for (int i = 0; i < refs.size(); i++) {
            if (templates.find(namespace.orElse(""), refs.get(i)).isEmpty()) {
                problems.add(new SpecProblem("<inline>", 0, a.field() + ".templates[" + i + "].templateName",
                        missingTemplate(refs.get(i), namespace)));
                missing = true;
            }
        }
        if (missing) {
            return;
        }
        List<SpecProblem> composing = new ArrayList<>();
        TemplateRegistry.Flattened flat = templates.compose(namespace.orElse(""), a.analysis(), composing);
        for (SpecProblem p : composing) {
            problems.add(problem(a, p.message()));
        }
        if (!composing.isEmpty()) {
            return;
        }
        String names = String.join(", ", flat.names);
        Map<String, String> values = new LinkedHashMap<>();
        for (AnalysisArg declared : flat.args.values()) {
            AnalysisRef.Arg given = a.analysis().args().stream()
                    .filter(g -> g.name().equals(declared.name())).reduce((x, y) -> y).orElse(null);
            Optional<SecretKeyRef> secret = Optional.empty();
            if (given != null && given.value() != null) {
                values.put(declared.name(), given.value());
            } else if (given != null && given.secretKeyRef() != null) {
                secret = Optional.of(given.secretKeyRef());
            } else if (ENGINE_ARGS.contains(declared.name())) {
                values.put(declared.name(), null);
            } else if (declared.value().isPresent()) {
                values.put(declared.name(), declared.value().get());
            } else if (declared.secretKeyRef().isPresent()) {
                secret = declared.secretKeyRef();
            } else {
                problems.add(problem(a, "arg \"" + declared.name() + "\" of " + names
                        + " is required: the template gives no value and the rollout passes none"));
                continue;
            }
            secret.ifPresent(ref -> {
                values.put(declared.name(), null);
                String which = "secret \"" + ref.name() + "\" key \"" + ref.key() + "\" (arg \""
                        + declared.name() + "\" of " + names + ")";
                String where = namespace.map(ns -> " in namespace \"" + ns + "\"")
                        .orElse(" in the namespace the Rollout runs in");
                if (!resolveSecrets) {
                    needed.add(problem(a, "needs " + which + where + " when it runs"));
                } else if (secrets == null || secrets.resolve(namespace.orElse(""), ref.name(), ref.key()).isEmpty()) {
                    problems.add(problem(a, which + " not found" + where
                            + (secrets == null ? " (no secret resolver is configured)" : "")));
                }
            });
        }
        for (Metric metric : flat.metrics) {
            checkProvider(a, flat.metricTemplates.get(metric.name()), metric, values, problems);
        }
    }

    /** Validates a metric's provider block with its placeholders substituted. */
    private void checkProvider(SpecAnalysis a, String template, Metric metric, Map<String, String> values,
            List<SpecProblem> problems) {
        MetricProvider provider = providers.get(metric.providerType());
        if (provider == null || Placeholders.names(metric.provider()).isEmpty()) {
            // Blocks without placeholders were validated when their template was loaded.
            return;
        }
        if (!values.keySet().containsAll(Placeholders.names(metric.provider()))) {
            // An undeclared arg is reported when the template is loaded or composed.
            return;
        }
        Object substituted = substitute(metric.provider(), values);
        if (!(substituted instanceof Map<?, ?> block)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) block;
        for (String why : provider.validate(typed)) {
            problems.add(problem(a, "AnalysisTemplate " + template + ", metric \"" + metric.name()
                    + "\": " + metric.providerType() + "." + why + " (with {{args.*}} substituted)"));
        }
    }

    /** Substitutes known values, and dummies for values known only when the run starts. */
    private static Object substitute(Object value, Map<String, String> values) {
        if (value instanceof String s) {
            Matcher m = ARG.matcher(s);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v == null) {
                    v = m.start() == 0 ? DUMMY_URL : DUMMY;
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), substitute(v, values)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> substitute(v, values)).toList();
        }
        return value;
    }

    private static SpecProblem problem(SpecAnalysis a, String message) {
        return new SpecProblem("<inline>", 0, a.field(), message);
    }
}
