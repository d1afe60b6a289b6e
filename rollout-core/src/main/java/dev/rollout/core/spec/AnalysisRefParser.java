package dev.rollout.core.spec;

import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.Arg;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a rollout's reference to analysis templates ({@code steps[].analysis},
 * {@code canary.analysis}, {@code blueGreen.prePromotionAnalysis}, ...): {@code templates} and
 * {@code args}. {@code analysisRunMetadata} is accepted and not acted upon; {@code dryRun} and
 * {@code measurementRetention} on the rollout side, and args taken from
 * {@code podTemplateHashValue} or {@code fieldRef}, are rejected as not supported. Public so that
 * other files naming analysis templates (the conductor's service config) read them the same way.
 */
public final class AnalysisRefParser {
    static final String[] FIELDS = {"templates", "args", "analysisRunMetadata", "dryRun",
            "measurementRetention"};
    private static final String[] UNSUPPORTED = {"dryRun", "measurementRetention"};

    private AnalysisRefParser() {
    }

    /**
     * Reads the reference at {@code node}, which has only the common fields; empty when a problem
     * was recorded.
     */
    public static Optional<AnalysisRef> parse(YamlNode node, SpecReader reader) {
        return parse(reader.object(node, FIELDS));
    }

    /** Reads the common fields of {@code analysis}, whose known fields the caller declared. */
    static Optional<AnalysisRef> parse(YamlObject analysis) {
        if (!analysis.isPresent()) {
            return Optional.empty();
        }
        SpecReader reader = analysis.reader();
        int mark = reader.problems().count();
        RolloutParser.rejectUnsupported(analysis, UNSUPPORTED);
        List<TemplateRef> templates = new ArrayList<>();
        if (!analysis.has("templates")) {
            analysis.missing("templates");
        } else if (analysis.list("templates").isEmpty()) {
            analysis.get("templates").filter(n -> n instanceof YamlNode.ListNode)
                    .ifPresent(n -> reader.problems().add(n, "must name at least one template"));
        }
        for (YamlNode item : analysis.list("templates")) {
            YamlObject template = reader.object(item, "templateName", "clusterScope");
            String name = template.requiredString("templateName");
            boolean clusterScope = template.booleanOr("clusterScope", false);
            if (name != null) {
                templates.add(new TemplateRef(name, clusterScope));
            }
        }
        List<Arg> args = args(analysis, reader);
        if (reader.problems().hasNewSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new AnalysisRef(templates, args));
    }

    /** Reads {@code args} of {@code analysis}, recording problems at their fields. */
    static List<Arg> args(YamlObject analysis, SpecReader reader) {
        List<Arg> args = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (YamlNode item : analysis.list("args")) {
            YamlObject arg = reader.object(item, "name", "value", "valueFrom");
            String name = arg.requiredString("name");
            if (name != null) {
                Integer first = firstLine.putIfAbsent(name, item.line());
                if (first != null) {
                    reader.problems().add(item, "duplicate arg \"" + name + "\", first at line "
                            + first);
                }
            }
            Optional<String> which = arg.isPresent() ? arg.exactlyOne("value", "valueFrom")
                    : Optional.empty();
            String value = null;
            SecretKeyRef secret = null;
            if (which.filter("value"::equals).isPresent()) {
                value = arg.optionalString("value").orElse(null);
            } else if (which.isPresent()) {
                secret = secretKeyRef(arg, reader);
            }
            if (name != null && (value != null || secret != null)) {
                args.add(new Arg(name, value, secret));
            }
        }
        return args;
    }

    private static SecretKeyRef secretKeyRef(YamlObject arg, SpecReader reader) {
        YamlObject valueFrom = arg.requiredObject("valueFrom", "secretKeyRef",
                "podTemplateHashValue", "fieldRef");
        RolloutParser.rejectUnsupported(valueFrom, "podTemplateHashValue", "fieldRef");
        if (!valueFrom.isPresent() || Stream.of("podTemplateHashValue", "fieldRef")
                .anyMatch(valueFrom::has)) {
            return null;
        }
        YamlObject ref = valueFrom.requiredObject("secretKeyRef", "name", "key");
        String name = ref.requiredString("name");
        String key = ref.requiredString("key");
        return name == null || key == null ? null : new SecretKeyRef(name, key);
    }
}
