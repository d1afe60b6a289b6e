package dev.rollout.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.rollout.api.RolloutException;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.StepRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON document the engine stores per rollout: the spec, the revisions, the target's name,
 * the {@link Stage} and the progress. Analysis runs keep their name, phase and message only; their
 * measurements live in memory. Writes schema version {@value #SCHEMA_VERSION}; reads every earlier
 * one through {@link StateMigrations}. Thread-safe.
 */
final class StateCodec {
    /** The schema version written by this engine. */
    public static final int SCHEMA_VERSION = StateMigrations.CURRENT;

    /**
     * The schema version written by this engine.
     *
     * @deprecated the field is {@code schemaVersion} since version 2; use {@link #SCHEMA_VERSION}
     */
    @Deprecated
    public static final int FORMAT = SCHEMA_VERSION;

    private final ObjectMapper mapper = new ObjectMapper();
    private final SpecCodec specs = new SpecCodec(mapper);

    /** Encodes a state as a JSON document. */
    public String encode(RolloutState s) {
        ObjectNode n = mapper.createObjectNode();
        n.put("schemaVersion", SCHEMA_VERSION);
        n.put("id", s.id());
        n.put("target", s.targetName());
        if (s.specJson() == null) {
            s.specJson(specs.write(s.spec()).toString());
        }
        n.putRawValue("spec", new RawValue(s.specJson()));
        ObjectNode rev = n.putObject("newRevision");
        rev.put("id", s.newRevision().id());
        rev.set("attributes", mapper.valueToTree(s.newRevision().attributes()));
        n.put("stableRevision", s.stableRevision());
        n.put("lifecycle", s.stage().name());
        // Derived from the lifecycle; kept for readers of the document (the CLI's status).
        n.put("phase", s.phase().name());
        n.put("message", s.message());
        n.put("stepIndex", s.stepIndex());
        n.put("stepStarted", s.stepStarted());
        putInstant(n, "stepStartedAt", s.stepStartedAt());
        putInstant(n, "experimentReadyAt", s.experimentReadyAt());
        n.put("stepPauseEntered", s.stepPauseEntered());
        n.put("stepPromoted", s.stepPromoted());
        n.put("promoteFull", s.promoteFull());
        ArrayNode pauses = n.putArray("pauses");
        for (PauseCondition p : s.pauses()) {
            pauses.addObject().put("reason", p.reason().name()).put("startTime", p.startTime().toString());
        }
        putInstant(n, "pauseUntil", s.pauseUntil());
        n.put("canaryWeight", s.canaryWeight());
        n.put("canaryReplicas", s.canaryReplicas());
        n.put("stableReplicas", s.stableReplicas());
        n.put("activeRevision", s.activeRevision());
        n.put("previewRevision", s.previewRevision());
        ArrayNode history = n.putArray("history");
        for (StepRecord r : s.history()) {
            history.addObject().put("step", r.step()).put("type", r.type()).put("at", r.at().toString())
                    .put("canaryWeight", r.canaryWeight()).put("canaryReplicas", r.canaryReplicas())
                    .put("stableReplicas", r.stableReplicas());
        }
        ArrayNode runs = n.putArray("runs");
        for (AnalysisRunStatus r : s.runs().values()) {
            runs.addObject().put("name", r.name()).put("phase", r.phase().name()).put("message", r.message());
        }
        n.put("stepRun", s.stepRun());
        n.put("backgroundRun", s.backgroundRun());
        n.put("backgroundDone", s.backgroundDone());
        n.put("blueGreenStage", s.blueGreenStage());
        putInstant(n, "startedAt", s.startedAt());
        putInstant(n, "updatedAt", s.updatedAt());
        putInstant(n, "lastProgressAt", s.lastProgressAt());
        putInstant(n, "abortScaleDownAt", s.abortScaleDownAt());
        n.put("abortPending", s.abortPending());
        n.put("removeRevision", s.removeRevision());
        putInstant(n, "removeAt", s.removeAt());
        if (!s.removeAlso().isEmpty()) {
            ArrayNode also = n.putArray("removeAlso");
            s.removeAlso().forEach(also::add);
        }
        n.put("runCounter", s.runCounter());
        n.put("attempt", s.attempt());
        n.put("firstDeployChecks", s.firstDeployChecks());
        try {
            return mapper.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new RolloutException("cannot encode the state of rollout " + s.id(), e);
        }
    }

    /** Decodes a document written by {@link #encode}, of this schema version or any earlier one. */
    public RolloutState decode(String document) {
        JsonNode n;
        try {
            n = mapper.readTree(document);
        } catch (JsonProcessingException e) {
            throw new RolloutException("stored rollout state is not JSON: " + e.getOriginalMessage(), e);
        }
        if (!n.isObject()) {
            throw new RolloutException("stored rollout state is not a JSON object");
        }
        n = StateMigrations.toCurrent((ObjectNode) n);
        RolloutState s = new RolloutState();
        s.id(n.get("id").asText());
        s.targetName(n.get("target").asText());
        s.spec(specs.read(n.get("spec")));
        JsonNode rev = n.get("newRevision");
        Map<String, String> attributes = new LinkedHashMap<>();
        rev.get("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        s.newRevision(new Revision(rev.get("id").asText(), attributes));
        s.stableRevision(n.get("stableRevision").asText());
        s.stage(Stage.valueOf(n.get("lifecycle").asText()));
        s.message(n.get("message").asText());
        s.stepIndex(n.get("stepIndex").asInt());
        s.stepStarted(n.get("stepStarted").asBoolean());
        s.stepStartedAt(instant(n, "stepStartedAt"));
        s.experimentReadyAt(instant(n, "experimentReadyAt"));
        s.stepPauseEntered(n.get("stepPauseEntered").asBoolean());
        s.stepPromoted(n.get("stepPromoted").asBoolean());
        s.promoteFull(n.get("promoteFull").asBoolean());
        for (JsonNode p : n.get("pauses")) {
            s.editPauses().add(new PauseCondition(PauseCondition.Reason.valueOf(p.get("reason").asText()),
                    Instant.parse(p.get("startTime").asText())));
        }
        s.pauseUntil(instant(n, "pauseUntil"));
        s.canaryWeight(n.get("canaryWeight").asInt());
        s.canaryReplicas(n.get("canaryReplicas").asInt());
        s.stableReplicas(n.get("stableReplicas").asInt());
        s.activeRevision(text(n, "activeRevision"));
        s.previewRevision(text(n, "previewRevision"));
        for (JsonNode r : n.get("history")) {
            s.editHistory().add(new StepRecord(r.get("step").asInt(), r.get("type").asText(),
                    Instant.parse(r.get("at").asText()), r.get("canaryWeight").asInt(),
                    r.get("canaryReplicas").asInt(), r.get("stableReplicas").asInt()));
        }
        for (JsonNode r : n.get("runs")) {
            String name = r.get("name").asText();
            s.editRuns().put(name, new AnalysisRunStatus(name, AnalysisPhase.valueOf(r.get("phase").asText()),
                    List.of(), r.get("message").asText()));
        }
        s.stepRun(text(n, "stepRun"));
        s.backgroundRun(text(n, "backgroundRun"));
        s.backgroundDone(n.get("backgroundDone").asBoolean());
        s.blueGreenStage(text(n, "blueGreenStage"));
        s.startedAt(instant(n, "startedAt"));
        s.updatedAt(instant(n, "updatedAt"));
        s.lastProgressAt(instant(n, "lastProgressAt"));
        s.abortScaleDownAt(instant(n, "abortScaleDownAt"));
        s.abortPending(n.get("abortPending").asBoolean());
        s.removeRevision(text(n, "removeRevision"));
        s.removeAt(instant(n, "removeAt"));
        // Written only when some revision besides removeRevision winds down.
        n.path("removeAlso").forEach(r -> s.editRemoveAlso().add(r.asText()));
        s.runCounter(n.get("runCounter").asInt());
        s.attempt(n.get("attempt").asInt());
        s.firstDeployChecks(n.get("firstDeployChecks").asInt());
        return s;
    }

    private static void putInstant(ObjectNode n, String field, Instant value) {
        n.put(field, value == null ? null : value.toString());
    }

    private static Instant instant(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : Instant.parse(t);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
