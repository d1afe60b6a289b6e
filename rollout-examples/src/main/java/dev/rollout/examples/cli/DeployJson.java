package dev.rollout.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.model.Commit;
import dev.rollout.core.conductor.ClusterDeployStatus;
import dev.rollout.core.conductor.DeployPlan;
import dev.rollout.core.conductor.DeployStatus;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.values.Provenance;
import dev.rollout.core.conductor.versions.ClusterVersion;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.HistoryEntry;
import java.util.List;
import java.util.Map;

/**
 * The {@code deploy --json} and {@code versions --json} objects. Their field names are a public
 * contract (README, "rollout deploy"): add fields, never rename or drop one.
 */
final class DeployJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private DeployJson() {
    }

    static ObjectNode deploy(DeployStatus status, List<DeployNotification> notifications) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("service", status.service());
        root.put("environment", status.environment());
        root.put("revision", status.revision());
        root.put("requestId", status.requestId());
        root.put("result", status.result() == null ? status.state().name() : status.result().name());
        root.put("state", status.state().name());
        root.put("message", status.message());
        ArrayNode clusters = root.putArray("clusters");
        for (ClusterDeployStatus c : status.clusters()) {
            ObjectNode node = clusters.addObject();
            node.put("name", c.name());
            node.put("wave", c.wave());
            node.put("phase", c.phase());
            node.put("revision", c.revision());
            node.put("previousRevision", c.previousRevision());
            node.put("replicas", c.replicas());
            node.set("values", MAPPER.valueToTree(c.values()));
            node.put("message", c.message());
        }
        ArrayNode sent = root.putArray("notifications");
        for (DeployNotification n : notifications) {
            ObjectNode node = sent.addObject();
            node.put("kind", n.kind().name());
            node.put("message", n.message());
            ArrayNode perCluster = node.putArray("clusters");
            for (DeployNotification.ClusterChange change : n.clusters()) {
                ObjectNode c = perCluster.addObject();
                c.put("cluster", change.cluster());
                c.put("previousRevision", change.previousRevision());
                ArrayNode commits = c.putArray("commits");
                for (Commit commit : change.commits()) {
                    commits.addObject().put("sha", commit.shortId()).put("subject", commit.subject())
                            .put("author", commit.author());
                }
            }
        }
        return root;
    }

    static ObjectNode plan(DeployPlan plan) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("service", plan.service());
        root.put("environment", plan.environment());
        root.put("revision", plan.revision().id());
        root.put("result", "DryRun");
        ArrayNode hooks = root.putArray("hooks");
        for (HookConfig hook : plan.hooks()) {
            hooks.addObject().put("name", hook.name()).put("kind", hook.job().isPresent() ? "job" : "command");
        }
        ArrayNode waves = root.putArray("waves");
        for (DeployPlan.Wave wave : plan.waves()) {
            ObjectNode w = waves.addObject();
            w.put("wave", wave.index());
            w.put("parallel", wave.parallel());
            w.put("gate", wave.gate().map(Object::toString).orElse(null));
            ArrayNode clusters = w.putArray("clusters");
            for (DeployPlan.Cluster c : wave.clusters()) {
                ObjectNode node = clusters.addObject();
                node.put("name", c.name());
                node.put("replicas", c.spec().replicas());
                node.put("namespace", c.spec().namespace().orElse(null));
                node.put("image", c.revision().attributes().get("image"));
                node.put("previousRevision", c.previous().map(r -> r.id()).orElse(null));
                node.set("valueFiles", MAPPER.valueToTree(c.valueFiles()));
                node.set("values", MAPPER.valueToTree(c.values().asMap()));
                ObjectNode provenance = node.putObject("provenance");
                for (Map.Entry<String, Provenance> e : c.values().leaves().entrySet()) {
                    provenance.put(e.getKey(), e.getValue().toString());
                }
                node.set("analysisArgs", MAPPER.valueToTree(c.analysisArgs()));
            }
        }
        return root;
    }

    static ObjectNode versions(String service, List<EnvironmentVersions> environments) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("service", service);
        ArrayNode envs = root.putArray("environments");
        for (EnvironmentVersions v : environments) {
            ObjectNode env = envs.addObject();
            env.put("environment", v.environment());
            ArrayNode clusters = env.putArray("clusters");
            for (ClusterVersion c : v.clusters().values()) {
                clusters.addObject().put("name", c.cluster()).put("revision", c.revision().id())
                        .put("since", c.since().toString()).put("requestId", c.requestId())
                        .put("previousRevision", c.previous().map(r -> r.id()).orElse(null));
            }
            env.put("deploying", v.deploying().map(t -> t.revision().id()).orElse(null));
            env.put("pending", v.pending().map(t -> t.revision().id()).orElse(null));
            ArrayNode history = env.putArray("history");
            for (HistoryEntry h : v.history()) {
                history.addObject().put("time", h.time().toString()).put("kind", h.kind().name())
                        .put("requestId", h.requestId()).put("revision", h.revision())
                        .put("cluster", h.cluster()).put("message", h.message());
            }
        }
        return root;
    }

    static String text(ObjectNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
