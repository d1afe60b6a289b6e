package dev.rollout.core.analysis.template;

import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.AnalysisTemplate.Kind;
import dev.rollout.api.analysis.DryRun;
import dev.rollout.api.analysis.MeasurementRetention;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.NoDataPolicy;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.ConditionCompiler;
import dev.rollout.core.analysis.ProviderKeys;
import dev.rollout.core.analysis.TemplateRules;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.judge.JudgeMetricProvider;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.yaml.DocumentParser;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Parses {@code AnalysisTemplate} and {@code ClusterAnalysisTemplate} documents
 * ({@code argoproj.io/v1alpha1}) and checks them as DESIGN §4 says, recording every problem with
 * its file, line and field and naming the template and metric; one pass reports every
 * independent problem of every metric. Fields holding {@code {{args.*}}} placeholders are checked
 * when a run starts instead, but each placeholder must name an arg the template declares in
 * {@code spec.args}, else it is a load-time problem at the field holding it. A template that
 * composes others ({@code spec.templates}) is exempt from that arg check, because the args of the
 * templates it composes are only known once the {@link dev.rollout.core.analysis.TemplateRegistry}
 * resolves the composition; a template that composes nothing must declare every arg it names
 * itself. Register both kinds at once with {@link #registerOn(SpecLoader, Map)}. Immutable and
 * thread-safe.
 */
public final class AnalysisTemplateParser implements DocumentParser<AnalysisTemplate> {
    /** The provider keys Argo Rollouts knows: {@link ProviderKeys#ARGO}. */
    public static final Set<String> ARGO_PROVIDERS = ProviderKeys.ARGO;

    private static final String[] METRIC_FIELDS = {"name", "interval", "initialDelay", "count",
        "successCondition", "failureCondition", "failureLimit", "inconclusiveLimit",
        "consecutiveErrorLimit", "consecutiveSuccessLimit", "noDataPolicy", "provider"};

    private final Kind kind;
    private final Map<String, MetricProvider> providers;
    private final ConditionCompiler conditions;
    private final MetricProvider judge;

    /**
     * A parser for {@code kind}; {@code providers} (by type) check their provider blocks, and
     * their types count as known provider keys besides Argo's.
     */
    public AnalysisTemplateParser(Kind kind, Map<String, MetricProvider> providers,
            ConditionCompiler conditions) {
        this.kind = kind;
        this.providers = Map.copyOf(providers);
        this.conditions = conditions;
        Map<String, MetricProvider> sides = this.providers;
        this.judge = new JudgeMetricProvider((name, type) -> sides.get(type), ARGO_PROVIDERS);
    }

    /** A copy of {@code loader} that parses both template kinds, conditions compiled with {@link Conditions}. */
    public static SpecLoader registerOn(SpecLoader loader, Map<String, MetricProvider> providers) {
        return loader
                .register("AnalysisTemplate", new AnalysisTemplateParser(Kind.AnalysisTemplate,
                        providers, Conditions::compile))
                .register("ClusterAnalysisTemplate", new AnalysisTemplateParser(
                        Kind.ClusterAnalysisTemplate, providers, Conditions::compile));
    }

    @Override
    public AnalysisTemplate parse(YamlNode document, SpecReader reader) {
        Problems problems = reader.problems();
        int mark = problems.count();
        YamlObject root = reader.object(document, "apiVersion", "kind", "metadata", "spec");
        YamlObject metadata = root.requiredObject("metadata", "name", "namespace", "labels",
                "annotations");
        String name = metadata.requiredString("name");
        Optional<String> namespace = metadata.optionalString("namespace");
        if (kind == Kind.ClusterAnalysisTemplate && namespace.isPresent()) {
            problems.add(metadata.get("namespace").orElseThrow(),
                    "a ClusterAnalysisTemplate has no namespace");
        }
        String label = kind + " " + (name == null ? "<unnamed>" : name);
        YamlObject spec = root.requiredObject("spec", "args", "metrics", "dryRun",
                "measurementRetention", "templates");
        List<AnalysisArg> args = args(spec, reader);
        List<TemplateRef> templates = new ArrayList<>();
        for (YamlNode item : spec.list("templates")) {
            YamlObject t = reader.object(item, "templateName", "clusterScope");
            String templateName = t.requiredString("templateName");
            boolean cluster = t.booleanOr("clusterScope", false);
            if (templateName != null) {
                templates.add(new TemplateRef(templateName, cluster));
            }
        }
        List<Metric> metrics = new ArrayList<>();
        List<YamlNode> metricNodes = spec.list("metrics");
        if (spec.isPresent() && metricNodes.isEmpty() && templates.isEmpty()) {
            String message = label + ": must have at least one metric";
            spec.get("metrics").ifPresentOrElse(n -> problems.add(n, message),
                    () -> problems.addField(spec.node(), "metrics", message));
        }
        Set<String> names = new HashSet<>();
        for (YamlNode item : metricNodes) {
            Metric m = metric(item, reader, label);
            // On the raw scalar, so a duplicate is reported even when either metric has other problems.
            Optional<YamlNode.Scalar> rawName = rawName(item);
            if (rawName.isPresent() && !names.add(rawName.get().text())) {
                problems.add(rawName.get(), label + ": duplicate metric name \"" + rawName.get().text()
                        + "\"");
            } else if (m != null) {
                metrics.add(m);
            }
        }
        if (templates.isEmpty()) {
            checkArgNames(metricNodes, args, label, problems);
        }
        List<DryRun> dryRun = new ArrayList<>();
        for (YamlNode item : spec.list("dryRun")) {
            YamlObject d = reader.object(item, "metricName");
            String metricName = d.requiredString("metricName");
            if (metricName != null) {
                dryRun.add(new DryRun(metricName));
                checkMatches(d, metricName, names, templates, label);
            }
        }
        List<MeasurementRetention> retention = new ArrayList<>();
        for (YamlNode item : spec.list("measurementRetention")) {
            YamlObject r = reader.object(item, "metricName", "limit");
            String metricName = r.requiredString("metricName");
            int limit = r.intInRange("limit", 1, Integer.MAX_VALUE, 0);
            if (!r.has("limit")) {
                r.missing("limit");
            }
            if (metricName != null && limit > 0) {
                retention.add(new MeasurementRetention(metricName, limit));
                checkMatches(r, metricName, names, templates, label);
            }
        }
        if (problems.hasNewSince(mark)) {
            return null;
        }
        return new AnalysisTemplate(kind, name, namespace, args, metrics, dryRun, retention, templates,
                document.file());
    }

    /** Records each {@code {{args.x}}} in a metric (provider block included) whose arg is not declared. */
    private static void checkArgNames(List<YamlNode> metricNodes, List<AnalysisArg> args, String label,
            Problems problems) {
        Set<String> declared = new LinkedHashSet<>();
        args.forEach(a -> declared.add(a.name()));
        String declaredText = declared.isEmpty() ? "none" : String.join(", ", declared);
        for (YamlNode item : metricNodes) {
            String metric = rawName(item).map(YamlNode.Scalar::text).orElse("<unnamed>");
            String where = label + ", metric \"" + metric + "\": ";
            forEachString(item, s -> {
                for (String arg : TemplateRules.argNames(s.text())) {
                    if (!declared.contains(arg)) {
                        problems.add(s, where + "{{args." + arg + "}} names no arg of " + label
                                + "; declared: " + declaredText);
                    }
                }
            });
        }
    }

    private static void forEachString(YamlNode node, Consumer<YamlNode.Scalar> action) {
        if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING) {
            action.accept(s);
        } else if (node instanceof YamlNode.MapNode map) {
            map.fields().values().forEach(v -> forEachString(v, action));
        } else if (node instanceof YamlNode.ListNode list) {
            list.items().forEach(v -> forEachString(v, action));
        }
    }

    private static Optional<YamlNode.Scalar> rawName(YamlNode item) {
        if (item instanceof YamlNode.MapNode map && map.get("name") instanceof YamlNode.Scalar s
                && !s.isNull()) {
            return Optional.of(s);
        }
        return Optional.empty();
    }

    private static void checkMatches(YamlObject rule, String metricName, Set<String> names,
            List<TemplateRef> templates, String label) {
        if (!templates.isEmpty()) {
            return;
        }
        if (names.stream().noneMatch(n -> TemplateRules.selects(metricName, n))) {
            rule.reader().problems().add(rule.get("metricName").orElseThrow(),
                    label + ": \"" + metricName + "\" matches no metric");
        }
    }

    private static List<AnalysisArg> args(YamlObject spec, SpecReader reader) {
        List<AnalysisArg> args = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlNode item : spec.list("args")) {
            YamlObject a = reader.object(item, "name", "value", "valueFrom");
            String name = a.requiredString("name");
            Optional<String> value = a.get("value").map(v -> scalarText(v, reader, ""));
            Optional<SecretKeyRef> secret = Optional.empty();
            Optional<YamlObject> valueFrom = a.object("valueFrom", "secretKeyRef", "fieldRef");
            if (valueFrom.isPresent()) {
                if (value.isPresent()) {
                    a.problem("set value or valueFrom, not both");
                }
                if (valueFrom.get().has("fieldRef")) {
                    reader.problems().add(valueFrom.get().get("fieldRef").orElseThrow(),
                            "valueFrom.fieldRef is not supported; pass the value from the rollout");
                }
                YamlObject ref = valueFrom.get().requiredObject("secretKeyRef", "name", "key");
                String secretName = ref.requiredString("name");
                String key = ref.requiredString("key");
                if (secretName != null && key != null) {
                    secret = Optional.of(new SecretKeyRef(secretName, key));
                }
            }
            if (name != null && !seen.add(name)) {
                reader.problems().add(a.get("name").orElseThrow(), "duplicate arg \"" + name + "\"");
            } else if (name != null) {
                args.add(new AnalysisArg(name, value, secret));
            }
        }
        return args;
    }

    private Metric metric(YamlNode item, SpecReader reader, String label) {
        Problems problems = reader.problems();
        int mark = problems.count();
        YamlObject m = reader.object(item, METRIC_FIELDS);
        String name = m.requiredString("name");
        String where = label + ", metric \"" + (name == null ? "<unnamed>" : name) + "\": ";
        Map<String, Optional<String>> text = new LinkedHashMap<>();
        for (String field : new String[] {"interval", "initialDelay", "count", "failureLimit",
            "inconclusiveLimit", "consecutiveErrorLimit", "consecutiveSuccessLimit"}) {
            text.put(field, m.get(field).map(v -> scalarText(v, reader, where)));
        }
        Optional<String> success = m.optionalString("successCondition");
        Optional<String> failure = m.optionalString("failureCondition");
        NoDataPolicy policy = NoDataPolicy.ERROR;
        Optional<String> policyText = m.optionalString("noDataPolicy");
        if (policyText.isPresent()) {
            Optional<NoDataPolicy> p = NoDataPolicy.fromYaml(policyText.get());
            if (p.isEmpty()) {
                problems.add(m.get("noDataPolicy").orElseThrow(), where + "must be one of error, "
                        + "inconclusive, fail, pass, was \"" + policyText.get() + "\"");
            } else {
                policy = p.get();
            }
        }
        String providerType = null;
        Map<String, Object> provider = Map.of();
        Optional<YamlNode> providerNode = m.get("provider");
        if (providerNode.isEmpty()) {
            problems.addField(m.node(), "provider", where + "is required");
        } else if (providerNode.get() instanceof YamlNode.MapNode block) {
            Set<String> known = new TreeSet<>(ARGO_PROVIDERS);
            known.addAll(providers.keySet());
            known.add(JudgeMetricProvider.TYPE);
            List<String> keys = new ArrayList<>(block.fields().keySet());
            List<String> unknown = keys.stream().filter(k -> !known.contains(k)).toList();
            for (String k : unknown) {
                problems.add(block.get(k), where + "unknown provider \"" + k + "\", expected one of: "
                        + String.join(", ", known));
            }
            if (unknown.isEmpty() && keys.size() != 1) {
                problems.add(block, where + "must set exactly one provider, found "
                        + (keys.isEmpty() ? "none" : String.join(" and ", keys)));
            } else if (unknown.isEmpty()) {
                providerType = keys.get(0);
                provider = providerBlock(block.get(providerType), reader, where);
                MetricProvider p = providers.containsKey(providerType) || !providerType.equals(JudgeMetricProvider.TYPE)
                        ? providers.get(providerType) : judge;
                if (p != null && provider != null) {
                    for (String problem : p.validate(provider)) {
                        problems.add(block.get(providerType), where + providerType + "." + problem);
                    }
                }
            }
        } else {
            problems.add(providerNode.get(), where + "must be a mapping with one provider, was "
                    + providerNode.get().describe());
        }
        // The limit, interval and condition checks run on whatever fields parsed, even when the name,
        // provider or noDataPolicy is wrong, so one lint pass reports every independent problem.
        Metric metric = new Metric(name == null ? "<unnamed>" : name, text.get("interval"),
                text.get("initialDelay"), text.get("count"), success, failure,
                text.get("failureLimit"), text.get("inconclusiveLimit"),
                text.get("consecutiveErrorLimit"), text.get("consecutiveSuccessLimit"), policy,
                providerType == null ? "<none>" : providerType, provider == null ? Map.of() : provider);
        TemplateRules.checkAtLoad(metric, conditions, (field, message) -> {
            Optional<YamlNode> at = m.get(field);
            if (at.isPresent()) {
                problems.add(at.get(), where + message);
            } else {
                problems.addField(m.node(), field, where + message);
            }
        });
        boolean valid = name != null && providerType != null && provider != null;
        return valid && !problems.hasNewSince(mark) ? metric : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> providerBlock(YamlNode node, SpecReader reader, String where) {
        if (node instanceof YamlNode.Scalar s && s.isNull()) {
            return Map.of();
        }
        if (!(node instanceof YamlNode.MapNode)) {
            reader.problems().add(node, where + "must be a mapping, was " + node.describe());
            return null;
        }
        return (Map<String, Object>) node.toPlain();
    }

    /** The text of an int-or-string scalar (Argo's IntOrString and DurationString fields). */
    private static String scalarText(YamlNode node, SpecReader reader, String where) {
        if (node instanceof YamlNode.Scalar s && (s.type() == YamlNode.ScalarType.STRING
                || s.type() == YamlNode.ScalarType.INT)) {
            return s.text();
        }
        reader.problems().add(node, where + "must be a number or a string, was " + node.describe());
        return null;
    }
}
