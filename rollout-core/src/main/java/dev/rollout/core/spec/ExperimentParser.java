package dev.rollout.core.spec;

import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep.Experiment;
import dev.rollout.api.model.CanaryStep.Experiment.ExperimentAnalysis;
import dev.rollout.api.model.CanaryStep.Experiment.SpecRef;
import dev.rollout.api.model.CanaryStep.Experiment.Template;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads a canary {@code experiment} step: {@code duration}, {@code templates} ({@code name},
 * {@code specRef: stable | canary}, {@code replicas}) and {@code analyses} ({@code name},
 * {@code templateName}, {@code clusterScope}, {@code args}, {@code requiredForCompletion}). Argo's
 * template fields that need a pod spec of their own ({@code weight}, {@code selector},
 * {@code template}, {@code metadata}, {@code service}) and the step's {@code dryRun},
 * {@code measurementRetention} and {@code analysisRunMetadata} are rejected by name.
 */
final class ExperimentParser {
    private static final String[] FIELDS = {"duration", "templates", "analyses", "dryRun",
            "measurementRetention", "analysisRunMetadata"};
    private static final String[] TEMPLATE_FIELDS = {"name", "specRef", "replicas", "weight",
            "selector", "template", "metadata", "service"};
    private static final String[] ANALYSIS_FIELDS = {"name", "templateName", "clusterScope", "args",
            "requiredForCompletion"};

    private ExperimentParser() {
    }

    static Optional<Experiment> parse(YamlNode value, SpecReader reader) {
        YamlObject step = reader.object(value, FIELDS);
        if (!step.isPresent()) {
            return Optional.empty();
        }
        int mark = reader.problems().count();
        RolloutParser.rejectUnsupported(step, "dryRun", "measurementRetention", "analysisRunMetadata");
        Optional<Duration> duration = step.duration("duration");
        duration.filter(d -> d.isZero()).ifPresent(d -> reader.problems().add(
                step.get("duration").orElseThrow(), "must be positive"));
        List<Template> templates = templates(step, reader);
        List<ExperimentAnalysis> analyses = analyses(step, reader);
        if (!step.has("duration") && !step.has("analyses")) {
            step.problem("needs a duration or at least one analysis, or it would never end");
        }
        if (reader.problems().hasNewSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new Experiment(duration, templates, analyses));
    }

    private static List<Template> templates(YamlObject step, SpecReader reader) {
        if (!step.has("templates")) {
            step.missing("templates");
        } else if (step.list("templates").isEmpty()) {
            reader.problems().add(step.get("templates").orElseThrow(), "must list at least one template");
        }
        List<Template> out = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (YamlNode item : step.list("templates")) {
            YamlObject t = reader.object(item, TEMPLATE_FIELDS);
            int mark = reader.problems().count();
            for (String field : List.of("weight", "selector", "template", "metadata", "service")) {
                t.get(field).ifPresent(n -> reader.problems().add(n, "is not supported by rollout: an"
                        + " experiment side runs the stable or canary revision's own pods, sized by replicas"));
            }
            String name = t.requiredString("name");
            if (name != null && !Experiment.validName(name)) {
                reader.problems().add(t.get("name").orElseThrow(), "must be a DNS label of at most 32"
                        + " lowercase letters, digits and '-' (it names the side's revision), was \"" + name + "\"");
            } else if (name != null) {
                Integer first = firstLine.putIfAbsent(name, item.line());
                if (first != null) {
                    reader.problems().add(item, "duplicate template \"" + name + "\", first at line " + first);
                }
            }
            String ref = t.requiredString("specRef");
            SpecRef specRef = null;
            if ("stable".equals(ref)) {
                specRef = SpecRef.STABLE;
            } else if ("canary".equals(ref)) {
                specRef = SpecRef.CANARY;
            } else if (ref != null) {
                reader.problems().add(t.get("specRef").orElseThrow(), "must be stable or canary, was \"" + ref + "\"");
            }
            OptionalInt replicas = t.intInRange("replicas", 1, 1000);
            if (!t.has("replicas") && t.isPresent()) {
                t.missing("replicas");
            }
            if (t.isPresent() && !reader.problems().hasNewSince(mark)) {
                out.add(new Template(name, specRef, replicas.getAsInt()));
            }
        }
        return out;
    }

    private static List<ExperimentAnalysis> analyses(YamlObject step, SpecReader reader) {
        List<ExperimentAnalysis> out = new ArrayList<>();
        Map<String, String> argValues = new HashMap<>();
        for (YamlNode item : step.list("analyses")) {
            YamlObject a = reader.object(item, ANALYSIS_FIELDS);
            int mark = reader.problems().count();
            String name = a.requiredString("name");
            String templateName = a.requiredString("templateName");
            boolean clusterScope = a.booleanOr("clusterScope", false);
            boolean required = a.booleanOr("requiredForCompletion", false);
            List<AnalysisRef.Arg> args = AnalysisRefParser.args(a, reader);
            // The analyses run as one analysis run, so an arg means one thing across them.
            for (AnalysisRef.Arg arg : args) {
                String previous = argValues.putIfAbsent(arg.name(), String.valueOf(arg.value()));
                if (previous != null && !previous.equals(String.valueOf(arg.value()))) {
                    reader.problems().add(item, "arg \"" + arg.name() + "\" has another value in an"
                            + " earlier analysis; the experiment's analyses run as one analysis run"
                            + " and share their args");
                }
            }
            if (a.isPresent() && !reader.problems().hasNewSince(mark)) {
                out.add(new ExperimentAnalysis(name, templateName, clusterScope, args, required));
            }
        }
        return out;
    }
}
