package dev.rollout.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.model.StepRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Renders a simulation's final status as the {@code simulate --json} object. The field names are
 * a public contract (see README, "simulate --json"): add fields, never rename or drop one.
 */
final class StatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatusJson() {
    }

    /** The JSON object for {@code status}, with times in virtual seconds since {@code start}. */
    static ObjectNode render(RolloutStatus status, String newRevisionId, Instant start, Instant end) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("rollout", status.rolloutId());
        root.put("phase", status.phase().name());
        root.put("aborted", status.aborted());
        root.put("message", status.message());
        root.put("currentStepIndex", status.currentStepIndex());
        root.put("stepCount", status.stepCount());
        root.put("canaryWeight", status.canaryWeight());
        root.put("stableReplicas", status.stableReplicas());
        root.put("canaryReplicas", status.canaryReplicas());
        putSide(root, "activeRevision", status.activeRevision(), newRevisionId);
        putSide(root, "previewRevision", status.previewRevision(), newRevisionId);
        root.put("stableRevision", status.stableRevision());
        root.put("newRevision", status.newRevision());
        root.put("virtualSeconds", seconds(start, end));
        ArrayNode pauses = root.putArray("pauseConditions");
        status.pauseConditions().forEach(p -> pauses.add(p.reason().name()));
        ArrayNode history = root.putArray("history");
        for (StepRecord step : status.history()) {
            ObjectNode entry = history.addObject();
            entry.put("step", step.step());
            entry.put("type", step.type());
            entry.put("at", seconds(start, step.at()));
            entry.put("canaryWeight", step.canaryWeight());
            entry.put("canaryReplicas", step.canaryReplicas());
            entry.put("stableReplicas", step.stableReplicas());
        }
        ArrayNode runs = root.putArray("analysisRuns");
        for (AnalysisRunStatus run : status.analysisRuns()) {
            runs.add(run(run));
        }
        return root;
    }

    /**
     * Adds what the spec's experiment steps ran beside the rollout: top-level {@code experiments}
     * (per step its {@code state} — pending, running, completed or aborted — and its sides) and,
     * on each completed experiment step of {@code history}, the side revisions under {@code sides}.
     * Sides are removed when their step ends, so only a {@code running} experiment still has them.
     */
    static void experiments(ObjectNode root, RolloutSpec spec, RolloutStatus status, String stableRevisionId,
            String newRevisionId) {
        if (!(spec.strategy() instanceof CanaryStrategy canary)) {
            return;
        }
        ArrayNode out = root.putArray("experiments");
        for (int i = 0; i < canary.steps().size(); i++) {
            if (!(canary.steps().get(i) instanceof CanaryStep.Experiment x)) {
                continue;
            }
            int step = i;
            boolean done = status.history().stream().anyMatch(h -> h.step() == step);
            String state = done ? "completed" : status.currentStepIndex() != step ? "pending"
                    : status.aborted() ? "aborted" : "running";
            ObjectNode e = out.addObject().put("step", i).put("state", state);
            x.duration().ifPresentOrElse(d -> e.put("durationSeconds", d.toMillis() / 1000.0),
                    () -> e.putNull("durationSeconds"));
            ArrayNode sides = e.putArray("sides");
            ArrayNode revisions = MAPPER.createArrayNode();
            for (CanaryStep.Experiment.Template t : x.templates()) {
                String revision = CanaryStep.Experiment.sideRevision(t, stableRevisionId, newRevisionId);
                sides.addObject().put("name", t.name()).put("specRef", t.specRef().yamlName())
                        .put("revision", revision).put("replicas", t.replicas());
                revisions.add(revision);
            }
            for (com.fasterxml.jackson.databind.JsonNode h : root.withArray("history")) {
                if (h.get("step").asInt() == i && h instanceof ObjectNode entry) {
                    entry.set("sides", revisions);
                }
            }
        }
    }

    private static ObjectNode run(AnalysisRunStatus run) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("name", run.name());
        node.put("phase", run.phase().name());
        node.put("message", run.message());
        ArrayNode metrics = node.putArray("metrics");
        for (MetricResult metric : run.metrics()) {
            ObjectNode m = metrics.addObject();
            m.put("name", metric.name());
            m.put("phase", metric.phase().name());
            m.put("dryRun", metric.dryRun());
            m.put("message", metric.message());
            m.put("count", metric.count());
            m.put("successful", metric.successful());
            m.put("failed", metric.failed());
            m.put("inconclusive", metric.inconclusive());
            m.put("error", metric.error());
            ArrayNode measurements = m.putArray("measurements");
            for (Measurement measurement : metric.measurements()) {
                ObjectNode entry = measurements.addObject();
                entry.put("phase", measurement.phase().name());
                if (measurement.value().isPresent()) {
                    entry.put("value", measurement.value().get());
                } else {
                    entry.putNull("value");
                }
                entry.put("message", measurement.message());
                if (!measurement.details().isEmpty()) {
                    // The judge's statistics: score, outcome and per metric p-value, interval, shift, effect sizes.
                    entry.set("judge", MAPPER.valueToTree(measurement.details()));
                }
            }
        }
        return node;
    }

    private static void putSide(ObjectNode root, String field, Optional<String> revision,
            String newRevisionId) {
        if (revision.isEmpty()) {
            root.putNull(field);
        } else if (revision.get().equals(newRevisionId)) {
            root.put(field, "new");
        } else {
            root.put(field, "stable");
        }
    }

    private static double seconds(Instant start, Instant at) {
        return Duration.between(start, at).toMillis() / 1000.0;
    }

    /** Pretty-printed JSON text. */
    static String toText(ObjectNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }
}
