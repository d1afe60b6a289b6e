package dev.rollout.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.IntOrPercent;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.TrafficRouting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Writes a {@link RolloutSpec} as a JSON tree and reads it back, for the persisted state. */
final class SpecCodec {
    private final ObjectMapper mapper;

    SpecCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode write(RolloutSpec spec) {
        ObjectNode n = mapper.createObjectNode();
        n.put("name", spec.name());
        // A started spec always has a namespace: the engine refuses one without.
        n.put("namespace", spec.namespace().orElseThrow());
        n.put("replicas", spec.replicas());
        n.put("progressDeadlineSeconds", spec.progressDeadlineSeconds());
        n.put("progressDeadlineAbort", spec.progressDeadlineAbort());
        n.set("labels", mapper.valueToTree(spec.labels()));
        if (spec.strategy() instanceof CanaryStrategy c) {
            n.set("canary", writeCanary(c));
        } else if (spec.strategy() instanceof BlueGreenStrategy b) {
            n.set("blueGreen", writeBlueGreen(b));
        }
        return n;
    }

    RolloutSpec read(JsonNode n) {
        var strategy = n.has("canary") ? readCanary(n.get("canary")) : readBlueGreen(n.get("blueGreen"));
        return new RolloutSpec(n.get("name").asText(), n.get("namespace").asText(),
                n.get("replicas").asInt(), strategy, n.get("progressDeadlineSeconds").asInt(),
                n.get("progressDeadlineAbort").asBoolean(), stringMap(n.get("labels")));
    }

    private ObjectNode writeCanary(CanaryStrategy c) {
        ObjectNode n = mapper.createObjectNode();
        ArrayNode steps = n.putArray("steps");
        for (CanaryStep step : c.steps()) {
            steps.add(writeStep(step));
        }
        n.set("maxSurge", writeIntOrPercent(c.maxSurge()));
        n.set("maxUnavailable", writeIntOrPercent(c.maxUnavailable()));
        c.trafficRouting().ifPresent(t -> {
            ObjectNode r = n.putObject("trafficRouting");
            r.put("kind", t.kind());
            r.set("config", mapper.valueToTree(t.config()));
        });
        c.analysis().ifPresent(a -> {
            ObjectNode bg = n.putObject("analysis");
            bg.set("ref", writeRef(a.analysis()));
            bg.put("startingStep", a.startingStep());
        });
        n.put("abortScaleDownDelaySeconds", c.abortScaleDownDelaySeconds());
        n.put("dynamicStableScale", c.dynamicStableScale());
        c.canaryService().ifPresent(s -> n.put("canaryService", s));
        c.stableService().ifPresent(s -> n.put("stableService", s));
        n.put("scaleDownDelaySeconds", c.scaleDownDelaySeconds());
        return n;
    }

    private CanaryStrategy readCanary(JsonNode n) {
        List<CanaryStep> steps = new ArrayList<>();
        for (JsonNode s : n.get("steps")) {
            steps.add(readStep(s));
        }
        Optional<TrafficRouting> routing = Optional.ofNullable(n.get("trafficRouting"))
                .map(r -> new TrafficRouting(r.get("kind").asText(), objectMap(r.get("config"))));
        Optional<CanaryStrategy.BackgroundAnalysis> analysis = Optional.ofNullable(n.get("analysis"))
                .map(a -> new CanaryStrategy.BackgroundAnalysis(readRef(a.get("ref")),
                        a.get("startingStep").asInt()));
        return new CanaryStrategy(steps, readIntOrPercent(n.get("maxSurge")),
                readIntOrPercent(n.get("maxUnavailable")), routing, analysis,
                n.get("abortScaleDownDelaySeconds").asInt(), n.get("dynamicStableScale").asBoolean(),
                text(n, "canaryService"), text(n, "stableService"),
                // States stored before the field existed had the default.
                n.has("scaleDownDelaySeconds") ? n.get("scaleDownDelaySeconds").asInt()
                        : CanaryStrategy.DEFAULT_SCALE_DOWN_DELAY_SECONDS);
    }

    private ObjectNode writeStep(CanaryStep step) {
        ObjectNode n = mapper.createObjectNode();
        if (step instanceof CanaryStep.SetWeight w) {
            n.put("setWeight", w.weight());
        } else if (step instanceof CanaryStep.Pause p) {
            ObjectNode pause = n.putObject("pause");
            p.duration().ifPresent(d -> pause.put("durationMillis", d.toMillis()));
        } else if (step instanceof CanaryStep.SetCanaryScale s) {
            ObjectNode scale = n.putObject("setCanaryScale");
            s.replicas().ifPresent(r -> scale.put("replicas", r));
            s.weight().ifPresent(w -> scale.put("weight", w));
            scale.put("matchTrafficWeight", s.matchTrafficWeight());
        } else if (step instanceof CanaryStep.Analysis a) {
            n.set("analysis", writeRef(a.analysis()));
        } else if (step instanceof CanaryStep.Experiment e) {
            ObjectNode x = n.putObject("experiment");
            e.duration().ifPresent(d -> x.put("durationMillis", d.toMillis()));
            ArrayNode templates = x.putArray("templates");
            e.templates().forEach(t -> templates.addObject().put("name", t.name())
                    .put("specRef", t.specRef().name()).put("replicas", t.replicas()));
            ArrayNode analyses = x.putArray("analyses");
            for (CanaryStep.Experiment.ExperimentAnalysis a : e.analyses()) {
                AnalysisRef ref = new AnalysisRef(List.of(new AnalysisRef.TemplateRef(a.templateName(),
                        a.clusterScope())), a.args());
                analyses.addObject().put("name", a.name())
                        .put("requiredForCompletion", a.requiredForCompletion()).set("ref", writeRef(ref));
            }
        } else if (step instanceof CanaryStep.Custom c) {
            ObjectNode custom = n.putObject("custom");
            custom.put("name", c.name());
            custom.set("config", mapper.valueToTree(c.config()));
        }
        return n;
    }

    private CanaryStep readStep(JsonNode n) {
        if (n.has("setWeight")) {
            return new CanaryStep.SetWeight(n.get("setWeight").asInt());
        }
        if (n.has("pause")) {
            JsonNode d = n.get("pause").get("durationMillis");
            return new CanaryStep.Pause(d == null ? Optional.empty()
                    : Optional.of(Duration.ofMillis(d.asLong())));
        }
        if (n.has("setCanaryScale")) {
            JsonNode s = n.get("setCanaryScale");
            return new CanaryStep.SetCanaryScale(optInt(s, "replicas"), optInt(s, "weight"),
                    s.get("matchTrafficWeight").asBoolean());
        }
        if (n.has("analysis")) {
            return new CanaryStep.Analysis(readRef(n.get("analysis")));
        }
        if (n.has("experiment")) {
            return readExperiment(n.get("experiment"));
        }
        JsonNode c = n.get("custom");
        return new CanaryStep.Custom(c.get("name").asText(), objectMap(c.get("config")));
    }

    private CanaryStep.Experiment readExperiment(JsonNode x) {
        JsonNode d = x.get("durationMillis");
        List<CanaryStep.Experiment.Template> templates = new ArrayList<>();
        for (JsonNode t : x.get("templates")) {
            templates.add(new CanaryStep.Experiment.Template(t.get("name").asText(),
                    CanaryStep.Experiment.SpecRef.valueOf(t.get("specRef").asText()), t.get("replicas").asInt()));
        }
        List<CanaryStep.Experiment.ExperimentAnalysis> analyses = new ArrayList<>();
        for (JsonNode a : x.get("analyses")) {
            AnalysisRef ref = readRef(a.get("ref"));
            AnalysisRef.TemplateRef t = ref.templates().get(0);
            analyses.add(new CanaryStep.Experiment.ExperimentAnalysis(a.get("name").asText(), t.templateName(),
                    t.clusterScope(), ref.args(), a.get("requiredForCompletion").asBoolean()));
        }
        return new CanaryStep.Experiment(d == null ? Optional.empty() : Optional.of(Duration.ofMillis(d.asLong())),
                templates, analyses);
    }

    private ObjectNode writeBlueGreen(BlueGreenStrategy b) {
        ObjectNode n = mapper.createObjectNode();
        n.put("activeService", b.activeService());
        b.previewService().ifPresent(s -> n.put("previewService", s));
        b.previewReplicaCount().ifPresent(r -> n.put("previewReplicaCount", r));
        n.put("autoPromotionEnabled", b.autoPromotionEnabled());
        b.autoPromotionSeconds().ifPresent(s -> n.put("autoPromotionSeconds", s));
        n.put("scaleDownDelaySeconds", b.scaleDownDelaySeconds());
        b.prePromotionAnalysis().ifPresent(r -> n.set("prePromotionAnalysis", writeRef(r)));
        b.postPromotionAnalysis().ifPresent(r -> n.set("postPromotionAnalysis", writeRef(r)));
        n.put("abortScaleDownDelaySeconds", b.abortScaleDownDelaySeconds());
        return n;
    }

    private BlueGreenStrategy readBlueGreen(JsonNode n) {
        return new BlueGreenStrategy(n.get("activeService").asText(), text(n, "previewService"),
                optInt(n, "previewReplicaCount"), n.get("autoPromotionEnabled").asBoolean(),
                optInt(n, "autoPromotionSeconds"), n.get("scaleDownDelaySeconds").asInt(),
                Optional.ofNullable(n.get("prePromotionAnalysis")).map(this::readRef),
                Optional.ofNullable(n.get("postPromotionAnalysis")).map(this::readRef),
                n.get("abortScaleDownDelaySeconds").asInt());
    }

    private ObjectNode writeRef(AnalysisRef ref) {
        ObjectNode n = mapper.createObjectNode();
        ArrayNode templates = n.putArray("templates");
        for (AnalysisRef.TemplateRef t : ref.templates()) {
            templates.addObject().put("templateName", t.templateName())
                    .put("clusterScope", t.clusterScope());
        }
        ArrayNode args = n.putArray("args");
        for (AnalysisRef.Arg a : ref.args()) {
            ObjectNode arg = args.addObject().put("name", a.name());
            if (a.value() != null) {
                arg.put("value", a.value());
            }
            if (a.secretKeyRef() != null) {
                // Only the reference is stored, never a secret's value.
                arg.putObject("secretKeyRef").put("name", a.secretKeyRef().name())
                        .put("key", a.secretKeyRef().key());
            }
        }
        return n;
    }

    private AnalysisRef readRef(JsonNode n) {
        List<AnalysisRef.TemplateRef> templates = new ArrayList<>();
        for (JsonNode t : n.get("templates")) {
            templates.add(new AnalysisRef.TemplateRef(t.get("templateName").asText(),
                    t.get("clusterScope").asBoolean()));
        }
        List<AnalysisRef.Arg> args = new ArrayList<>();
        for (JsonNode a : n.get("args")) {
            JsonNode ref = a.get("secretKeyRef");
            args.add(new AnalysisRef.Arg(a.get("name").asText(),
                    a.has("value") ? a.get("value").asText() : null,
                    ref == null ? null : new AnalysisRef.SecretKeyRef(ref.get("name").asText(),
                            ref.get("key").asText())));
        }
        return new AnalysisRef(templates, args);
    }

    private ObjectNode writeIntOrPercent(IntOrPercent v) {
        return mapper.createObjectNode().put("value", v.value()).put("percent", v.percent());
    }

    private static IntOrPercent readIntOrPercent(JsonNode n) {
        return new IntOrPercent(n.get("value").asInt(), n.get("percent").asBoolean());
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static OptionalInt optInt(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? OptionalInt.empty() : OptionalInt.of(v.asInt());
    }

    private Map<String, String> stringMap(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> objectMap(JsonNode n) {
        return n == null ? Map.of() : mapper.convertValue(n, LinkedHashMap.class);
    }
}
