package dev.rollout.core.spec;

import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.CanaryStrategy.BackgroundAnalysis;
import dev.rollout.api.model.IntOrPercent;
import dev.rollout.core.canary.CanaryReplicaMath;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads {@code spec.strategy.canary}; see {@link RolloutParser} for the fields. */
final class CanaryParser {
    static final String[] FIELDS = {"steps", "maxSurge", "maxUnavailable", "trafficRouting",
            "analysis", "abortScaleDownDelaySeconds", "dynamicStableScale", "canaryService",
            "stableService", "scaleDownDelaySeconds",
            // accepted, not acted upon
            "antiAffinity", "canaryMetadata", "stableMetadata",
            "scaleDownDelayRevisionLimit", "minPodsPerReplicaSet",
            // rejected as not supported
            "pingPong"};
    private static final String[] STEP_TYPES = {"setWeight", "pause", "setCanaryScale",
            "analysis", "experiment"};
    private static final String[] UNSUPPORTED_STEPS = {"setHeaderRoute",
            "setMirrorRoute"};
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,9})%");

    private final SpecReader reader;
    private final Set<String> customSteps;

    CanaryParser(SpecReader reader, Set<String> customSteps) {
        this.reader = reader;
        this.customSteps = customSteps;
    }

    Optional<CanaryStrategy> parse(YamlNode node) {
        int mark = reader.problems().count();
        YamlObject canary = reader.object(node, FIELDS);
        RolloutParser.rejectUnsupported(canary, "pingPong");
        RolloutParser.warnIgnored(canary, "antiAffinity", RolloutParser.PLACEMENT_IGNORED);
        RolloutParser.warnIgnored(canary, "canaryMetadata", RolloutParser.POD_METADATA_IGNORED);
        RolloutParser.warnIgnored(canary, "stableMetadata", RolloutParser.POD_METADATA_IGNORED);
        RolloutParser.warnIgnored(canary, "scaleDownDelayRevisionLimit",
                "only the previous stable revision is kept, for scaleDownDelaySeconds");
        RolloutParser.warnIgnored(canary, "minPodsPerReplicaSet",
                "the number of canary pods follows the weight alone");
        Optional<TrafficRouting> routing = canary.get("trafficRouting")
                .flatMap(n -> TrafficRoutingParser.parse(n, reader));
        boolean routed = canary.has("trafficRouting");
        List<CanaryStep> steps = steps(canary, routed);
        IntOrPercent maxSurge = intOrPercent(canary, "maxSurge");
        IntOrPercent maxUnavailable = intOrPercent(canary, "maxUnavailable");
        if (maxSurge != null && maxUnavailable != null && maxSurge.value() == 0
                && maxUnavailable.value() == 0) {
            reader.problems().add(canary.get("maxSurge").orElseThrow(),
                    "maxSurge and maxUnavailable must not both be 0");
        }
        Optional<BackgroundAnalysis> analysis = canary.get("analysis")
                .flatMap(n -> background(n, canary.list("steps").size()));
        int abortDelay = canary.nonNegativeInt("abortScaleDownDelaySeconds",
                CanaryStrategy.DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS);
        boolean dynamicStableScale = canary.booleanOr("dynamicStableScale", false);
        int scaleDownDelay = canary.nonNegativeInt("scaleDownDelaySeconds",
                CanaryStrategy.DEFAULT_SCALE_DOWN_DELAY_SECONDS);
        requireRouting(canary, routed, "dynamicStableScale", "scaleDownDelaySeconds",
                "minPodsPerReplicaSet");
        if (dynamicStableScale && canary.has("scaleDownDelaySeconds")) {
            reader.problems().add(canary.get("dynamicStableScale").orElseThrow(),
                    "cannot be used together with scaleDownDelaySeconds");
        }
        Optional<String> canaryService = canary.optionalString("canaryService");
        Optional<String> stableService = canary.optionalString("stableService");
        services(canary, routing, canaryService, stableService);
        if (reader.problems().hasNewSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new CanaryStrategy(steps, maxSurge, maxUnavailable, routing, analysis,
                abortDelay, dynamicStableScale, canaryService, stableService, scaleDownDelay));
    }

    private void services(YamlObject canary, Optional<TrafficRouting> routing,
            Optional<String> canaryService, Optional<String> stableService) {
        // The in-memory cluster routes without Services, and so does Istio by DestinationRule
        // subsets (as in Argo); every other real router needs both.
        if (routing.isPresent() && !routing.get().kind().equals("embedded")
                && !istioSubsets(routing.get())) {
            for (String field : List.of("canaryService", "stableService")) {
                if (!canary.has(field)) {
                    reader.problems().addField(canary.node(), field,
                            "is required with trafficRouting");
                }
            }
        }
        if (canaryService.isPresent() && canaryService.equals(stableService)) {
            reader.problems().add(canary.get("canaryService").orElseThrow(),
                    "must differ from stableService, both are \"" + canaryService.get() + "\"");
        }
    }

    private static boolean istioSubsets(TrafficRouting routing) {
        return routing.kind().equals("istio") && routing.config().get("destinationRule") instanceof Map;
    }

    private void requireRouting(YamlObject canary, boolean routed, String... fields) {
        if (routed) {
            return;
        }
        for (String field : fields) {
            canary.get(field).filter(n -> !(n instanceof YamlNode.Scalar s
                            && Boolean.FALSE.equals(s.value())))
                    .ifPresent(n -> reader.problems().add(n, "requires trafficRouting"));
        }
    }

    private List<CanaryStep> steps(YamlObject canary, boolean routed) {
        List<CanaryStep> steps = new ArrayList<>();
        List<String> known = new ArrayList<>(Arrays.asList(STEP_TYPES));
        known.addAll(Arrays.asList(UNSUPPORTED_STEPS));
        known.addAll(customSteps);
        String[] types = known.toArray(String[]::new);
        for (YamlNode item : canary.list("steps")) {
            if (item instanceof YamlNode.MapNode map && map.get("pause") instanceof YamlNode.Scalar s
                    && s.isNull()) {
                reader.problems().add(map.get("pause"), "must be {} to pause until promoted, or"
                        + " {duration: 30s} to pause for a while");
                continue;
            }
            int mark = reader.problems().count();
            YamlObject step = reader.object(item, known);
            if (reader.problems().hasNewSince(mark) && step.fieldNames().stream()
                    .noneMatch(known::contains)) {
                continue; // only misspelled fields: "unknown field, did you mean" says it all
            }
            if (combined(step)) {
                continue;
            }
            Optional<String> type = step.exactlyOne(types);
            if (type.isEmpty()) {
                continue;
            }
            YamlNode value = step.get(type.get()).orElseThrow();
            step(type.get(), value, routed).ifPresent(steps::add);
        }
        return steps;
    }

    /**
     * Argo lets {@code setCanaryScale} share a step with {@code setWeight}, {@code pause} or
     * {@code analysis}; our steps are one action each, so that is refused as unsupported, saying
     * how to write it instead. Answers whether the step was such a combination.
     */
    private boolean combined(YamlObject step) {
        List<String> exclusive = Stream.of("setWeight", "pause", "analysis", "experiment")
                .filter(step::has).toList();
        if (!step.has("setCanaryScale") || exclusive.size() != 1) {
            return false;
        }
        step.problem("unsupported: setCanaryScale together with " + exclusive.get(0)
                + " in one step (Argo allows it); write two steps, setCanaryScale first, then "
                + exclusive.get(0) + ", which reach the same state");
        return true;
    }

    private Optional<CanaryStep> step(String type, YamlNode value, boolean routed) {
        switch (type) {
            case "setWeight" -> {
                OptionalInt weight = reader.intInRange(value, 0, 100);
                return weight.isPresent() ? Optional.of(new CanaryStep.SetWeight(weight.getAsInt()))
                        : Optional.empty();
            }
            case "pause" -> {
                YamlObject pause = reader.object(value, "duration");
                int mark = reader.problems().count();
                Optional<Duration> duration = pause.duration("duration");
                return pause.isPresent() && !reader.problems().hasNewSince(mark)
                        ? Optional.of(new CanaryStep.Pause(duration)) : Optional.empty();
            }
            case "setCanaryScale" -> {
                return setCanaryScale(value, routed);
            }
            case "analysis" -> {
                return AnalysisRefParser.parse(value, reader).map(CanaryStep.Analysis::new);
            }
            case "experiment" -> {
                return ExperimentParser.parse(value, reader).map(CanaryStep.class::cast);
            }
            default -> {
                if (Arrays.asList(UNSUPPORTED_STEPS).contains(type)) {
                    reader.problems().add(value, "is not supported by rollout");
                    return Optional.empty();
                }
                YamlObject config = reader.object(value, plainKeys(value));
                return config.isPresent() ? Optional.of(new CanaryStep.Custom(type,
                        asMap(value.toPlain()))) : Optional.empty();
            }
        }
    }

    private Optional<CanaryStep> setCanaryScale(YamlNode value, boolean routed) {
        YamlObject scale = reader.object(value, "replicas", "weight", "matchTrafficWeight");
        if (!scale.isPresent()) {
            return Optional.empty();
        }
        int mark = reader.problems().count();
        OptionalInt replicas = scale.intInRange("replicas", 0, Integer.MAX_VALUE);
        OptionalInt weight = scale.intInRange("weight", 0, 100);
        boolean match = scale.booleanOr("matchTrafficWeight", false);
        long set = Stream.of(scale.has("replicas"), scale.has("weight"), match)
                .filter(b -> b).count();
        if (set != 1) {
            scale.problem("must set exactly one of replicas, weight or matchTrafficWeight: true");
        }
        if (!routed) {
            reader.problems().add(value, "requires trafficRouting");
        }
        return reader.problems().hasNewSince(mark) ? Optional.empty()
                : Optional.of(new CanaryStep.SetCanaryScale(replicas, weight, match));
    }

    private Optional<BackgroundAnalysis> background(YamlNode node, int stepCount) {
        List<String> fields = new ArrayList<>(Arrays.asList(AnalysisRefParser.FIELDS));
        fields.add("startingStep");
        YamlObject analysis = reader.object(node, fields);
        int startingStep = analysis.intInRange("startingStep", 0, stepCount, 0);
        return AnalysisRefParser.parse(analysis).map(a -> new BackgroundAnalysis(a, startingStep));
    }

    /** An int or {@code "N%"}, as Kubernetes' IntOrString; null when absent or in error. */
    private IntOrPercent intOrPercent(YamlObject canary, String field) {
        Optional<YamlNode> node = canary.get(field);
        if (node.isEmpty()) {
            return null;
        }
        if (node.get() instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.STRING) {
            Matcher m = PERCENT.matcher(s.text());
            if (m.matches()) {
                IntOrPercent percent = IntOrPercent.percent(Integer.parseInt(m.group(1)));
                Optional<String> problem = CanaryReplicaMath.percentProblem(percent);
                if (problem.isPresent()) {
                    reader.problems().add(s, problem.get());
                    return null;
                }
                return percent;
            }
        } else if (node.get() instanceof YamlNode.Scalar s && s.type() == YamlNode.ScalarType.INT) {
            OptionalInt value = reader.intInRange(s, 0, Integer.MAX_VALUE);
            return value.isPresent() ? IntOrPercent.of(value.getAsInt()) : null;
        }
        reader.problems().add(node.get(), "must be a number or a percentage such as 25%, was "
                + node.get().describe());
        return null;
    }

    private static List<String> plainKeys(YamlNode node) {
        return node instanceof YamlNode.MapNode map ? List.copyOf(map.fields().keySet()) : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object plain) {
        return plain instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
