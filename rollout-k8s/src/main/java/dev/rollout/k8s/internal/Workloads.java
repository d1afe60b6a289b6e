package dev.rollout.k8s.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.RolloutLabels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The user's Deployment and the canary Deployments rollout creates beside it. */
public final class Workloads {
    private final Kube kube;

    /** Workloads read and written through {@code kube}. */
    public Workloads(Kube kube) {
        this.kube = kube;
    }

    /** The user's Deployment, which must exist. */
    public JsonObject user(WorkloadRef ref) {
        return kube.get(Gvr.DEPLOYMENTS, ref.namespace(), ref.name()).orElseThrow(
                () -> new TargetException("Deployment " + ref + " not found"));
    }

    /** The user's Deployment, if it exists. */
    public Optional<JsonObject> findUser(WorkloadRef ref) {
        return kube.get(Gvr.DEPLOYMENTS, ref.namespace(), ref.name());
    }

    /** The user's pod template. */
    public static JsonObject template(JsonObject deployment) {
        return Json.obj(deployment, "spec", "template").orElseGet(JsonObject::new);
    }

    /** The revision the user's Deployment runs. */
    public static String stableId(JsonObject user) {
        return RevisionTemplates.revisionOf(template(user));
    }

    /** The user's {@code spec.selector.matchLabels}. */
    public static Map<String, String> matchLabels(JsonObject deployment) {
        return Json.strings(deployment, "spec", "selector", "matchLabels");
    }

    /** The name of the Deployment rollout creates for a revision. */
    public static String canaryName(WorkloadRef ref, String revisionId) {
        return Names.dnsLabel(ref.name(), Names.labelValue(revisionId));
    }

    /** The label selector of every Deployment rollout created for a workload. */
    public static String canarySelector(WorkloadRef ref) {
        return RolloutLabels.MANAGED_BY + "=" + RolloutLabels.MANAGER + ","
                + RolloutLabels.WORKLOAD + "=" + Names.labelValue(ref.name());
    }

    /** A revision's canary Deployment, if it exists. */
    public Optional<JsonObject> findCanary(WorkloadRef ref, String revisionId) {
        return kube.get(Gvr.DEPLOYMENTS, ref.namespace(), canaryName(ref, revisionId));
    }

    /** The full revision id a canary Deployment runs. */
    public static String canaryRevision(JsonObject canary) {
        return Json.str(canary, "metadata", "annotations", RolloutLabels.REVISION_ID)
                .orElseGet(() -> Json.str(canary, "metadata", "labels", RolloutLabels.REVISION)
                        .orElse("unknown"));
    }

    /**
     * A new canary Deployment for {@code revision}: the user's spec with the revision's template,
     * a selector narrowed to the revision's pods, our labels, and an ownerReference to the
     * user's Deployment (so deleting it deletes ours, and GitOps tools see a child, not drift).
     */
    public static JsonObject newCanary(WorkloadRef ref, JsonObject user, Revision revision,
            int replicas) {
        String revisionLabel = Names.labelValue(revision.id());
        JsonObject spec = Json.obj(user, "spec").orElseGet(JsonObject::new).deepCopy();
        spec.remove("paused");
        spec.addProperty("replicas", replicas);

        JsonObject selector = new JsonObject();
        Map<String, String> matchLabels = new LinkedHashMap<>(matchLabels(user));
        matchLabels.put(RolloutLabels.REVISION, revisionLabel);
        selector.add("matchLabels", Json.of(matchLabels));
        Json.at(user, "spec", "selector", "matchExpressions")
                .ifPresent(e -> selector.add("matchExpressions", e.deepCopy()));
        spec.add("selector", selector);

        JsonObject template = RevisionTemplates.stamp(template(user), revision,
                stableExperimentSide(ref, user, revision), "Deployment " + ref);
        Json.ensure(template, "metadata", "labels")
                .addProperty(RolloutLabels.MANAGED_BY, RolloutLabels.MANAGER);
        spec.add("template", template);

        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", canaryName(ref, revision.id()));
        metadata.addProperty("namespace", ref.namespace());
        metadata.add("labels", Json.of(Map.of(
                RolloutLabels.MANAGED_BY, RolloutLabels.MANAGER,
                RolloutLabels.WORKLOAD, Names.labelValue(ref.name()),
                RolloutLabels.REVISION, revisionLabel)));
        metadata.add("annotations", Json.of(Map.of(RolloutLabels.REVISION_ID, revision.id())));
        JsonObject owner = new JsonObject();
        owner.addProperty("apiVersion", "apps/v1");
        owner.addProperty("kind", "Deployment");
        owner.addProperty("name", ref.name());
        owner.addProperty("uid", Json.str(user, "metadata", "uid").orElse(""));
        owner.addProperty("controller", false);
        owner.addProperty("blockOwnerDeletion", false);
        JsonArray owners = new JsonArray();
        owners.add(owner);
        metadata.add("ownerReferences", owners);

        JsonObject deployment = new JsonObject();
        deployment.addProperty("apiVersion", "apps/v1");
        deployment.addProperty("kind", "Deployment");
        deployment.add("metadata", metadata);
        deployment.add("spec", spec);
        return deployment;
    }

    /**
     * For an experiment's stable side (a baseline), the template it copies its images from: the
     * user's own, which runs the stable revision until the rollout marks a new one stable. A side
     * whose source is no longer the stable revision is refused rather than run with other images.
     */
    private static Optional<JsonObject> stableExperimentSide(WorkloadRef ref, JsonObject user, Revision revision) {
        if (!"stable".equals(revision.attributes().get(CanaryStep.Experiment.ATTR_SPEC_REF))) {
            return Optional.empty();
        }
        String source = revision.attributes().getOrDefault(CanaryStep.Experiment.ATTR_SOURCE, "");
        if (!source.equals(stableId(user))) {
            throw new TargetException("Deployment " + ref + ": experiment side " + revision.id()
                    + " runs revision " + source + ", but the Deployment now runs " + stableId(user));
        }
        return Optional.of(template(user));
    }

    /**
     * The {@code pod-template-hash} of the ReplicaSet running the Deployment's current template,
     * if the controller has caught up and made it: the ReplicaSet owned by the Deployment whose
     * {@code deployment.kubernetes.io/revision} is the Deployment's.
     */
    public Optional<String> currentPodTemplateHash(WorkloadRef ref, JsonObject deployment) {
        String revisionKey = "deployment.kubernetes.io/revision";
        Optional<String> revision = Json.str(deployment, "metadata", "annotations", revisionKey);
        String uid = Json.str(deployment, "metadata", "uid").orElse("");
        if (revision.isEmpty() || uid.isEmpty()
                || !DeploymentStatus.of(deployment).generationObserved()) {
            return Optional.empty();
        }
        for (JsonObject rs : kube.list(Gvr.REPLICA_SETS, ref.namespace(),
                selector(matchLabels(deployment)))) {
            boolean owned = false;
            for (var owner : Json.arr(rs, "metadata", "ownerReferences")) {
                owned |= uid.equals(Json.str(owner.getAsJsonObject(), "uid").orElse(""));
            }
            if (owned && revision.equals(Json.str(rs, "metadata", "annotations", revisionKey))) {
                return Json.str(rs, "metadata", "labels", RolloutLabels.POD_TEMPLATE_HASH);
            }
        }
        return Optional.empty();
    }

    /** A label selector string ({@code k=v,...}) for the given labels. */
    public static String selector(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
