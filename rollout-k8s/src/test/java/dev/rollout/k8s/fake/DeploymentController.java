package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Simulates the Deployment and ReplicaSet controllers and the kubelet, one step per tick: a
 * ReplicaSet per pod template (named {@code <deployment>-<pod-template-hash>}, owned by the
 * Deployment), Pods owned by it whose readiness follows a {@link PodBehaviour} chosen by image or
 * label, and the Deployment status that {@code kubectl rollout status} reads.
 *
 * <p>Approximation: the new ReplicaSet is scaled to the full replica count at once (like
 * {@code maxSurge: 100%}); old ReplicaSets keep their pods until every new pod is ready (RollingUpdate)
 * or are scaled to 0 at once (Recreate). minReadySeconds is ignored (ready = available).
 * The progress deadline is {@code spec.progressDeadlineSeconds} (default 600) of server-clock time
 * without progress, or {@link #progressDeadlineTicks(int)} ticks when set.
 */
public final class DeploymentController implements FakeController {
    private record Rule(Predicate<JsonNode> template, PodBehaviour behaviour) {
    }

    private record Progress(String hash, int ready, long tick, Instant at) {
    }

    private final FakeKubeApiServer server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Long> podCreatedTick = new ConcurrentHashMap<>();
    private final Map<String, Instant> podCreatedAt = new ConcurrentHashMap<>();
    private final Map<String, Progress> progress = new ConcurrentHashMap<>();
    private volatile PodBehaviour defaultBehaviour = PodBehaviour.ready();
    private volatile int deadlineTicks = -1;
    private long ticks;
    private long podNames;

    DeploymentController(FakeKubeApiServer server) {
        this.server = server;
    }

    /** Pods of templates with a container running exactly this image behave so (first matching rule wins). */
    public DeploymentController whenImage(String image, PodBehaviour behaviour) {
        return when(t -> FakeJson.images(t).contains(image), behaviour);
    }

    /** Pods of templates carrying this label behave so. */
    public DeploymentController whenLabel(String key, String value, PodBehaviour behaviour) {
        return when(t -> value.equals(t.path("metadata").path("labels").path(key).asText(null)), behaviour);
    }

    /** Pods of templates matching the predicate (over the pod template JSON) behave so. */
    public DeploymentController when(Predicate<JsonNode> template, PodBehaviour behaviour) {
        rules.add(new Rule(template, behaviour));
        return this;
    }

    /** The behaviour of pods no rule matches (default: ready at once). */
    public DeploymentController defaultBehaviour(PodBehaviour behaviour) {
        this.defaultBehaviour = behaviour;
        return this;
    }

    /** Declares ProgressDeadlineExceeded after this many ticks without progress instead of clock time. */
    public DeploymentController progressDeadlineTicks(int ticks) {
        this.deadlineTicks = ticks;
        return this;
    }

    /** The behaviour pods of this template get. */
    public PodBehaviour behaviourOf(JsonNode template) {
        for (Rule r : rules) {
            if (r.template.test(template)) {
                return r.behaviour;
            }
        }
        return defaultBehaviour;
    }

    @Override
    public synchronized void reconcile() {
        ticks++;
        ObjectStore store = server.store();
        for (ObjectNode d : store.list(server.type("apps/v1", "deployments"), null)) {
            reconcile(d);
        }
    }

    private void reconcile(ObjectNode d) {
        ObjectStore store = server.store();
        ResourceType rsType = server.type("apps/v1", "replicasets");
        String ns = d.path("metadata").path("namespace").asText();
        String name = d.path("metadata").path("name").asText();
        String uid = d.path("metadata").path("uid").asText();
        int desired = d.path("spec").path("replicas").asInt(1);
        JsonNode template = d.path("spec").path("template");
        String hash = FakeJson.hash(template);
        boolean paused = d.path("spec").path("paused").asBoolean(false);
        List<ObjectNode> owned = new ArrayList<>(store.list(rsType, ns).stream()
                .filter(rs -> FakeJson.ownedBy(rs, uid)).toList());
        ObjectNode newRs = owned.stream()
                .filter(rs -> hash.equals(rs.path("metadata").path("labels").path("pod-template-hash").asText()))
                .findFirst().orElse(null);
        if (paused) {
            writeStatus(d, owned, newRs, desired, true);
            return;
        }
        if (newRs == null) {
            newRs = createReplicaSet(d, hash, owned);
            owned.add(newRs);
        }
        String newName = newRs.path("metadata").path("name").asText();
        ReplicaSetPods newPods = syncReplicaSet(newRs, desired);
        boolean recreate = "Recreate".equals(d.path("spec").path("strategy").path("type").asText());
        for (ObjectNode rs : owned) {
            if (!rs.path("metadata").path("name").asText().equals(newName)) {
                int keep = recreate || newPods.ready >= desired ? 0 : rs.path("spec").path("replicas").asInt(0);
                syncReplicaSet(rs, keep);
            }
        }
        List<ObjectNode> fresh = store.list(rsType, ns).stream().filter(rs -> FakeJson.ownedBy(rs, uid)).toList();
        ObjectNode currentNew = store.get(rsType, ns, newName).orElse(newRs);
        store.get(server.type("apps/v1", "deployments"), ns, name).ifPresent(latest ->
                writeStatus(latest, fresh, currentNew, desired, false));
    }

    private ObjectNode createReplicaSet(ObjectNode d, String hash, List<ObjectNode> owned) {
        int revision = owned.stream()
                .mapToInt(rs -> rs.path("metadata").path("annotations")
                        .path("deployment.kubernetes.io/revision").asInt(0)).max().orElse(0) + 1;
        ObjectNode rs = ApiHandler.JSON.createObjectNode();
        rs.put("apiVersion", "apps/v1");
        rs.put("kind", "ReplicaSet");
        ObjectNode meta = rs.putObject("metadata");
        meta.put("name", d.path("metadata").path("name").asText() + "-" + hash);
        ObjectNode labels = d.path("spec").path("template").path("metadata").path("labels").isObject()
                ? ((ObjectNode) d.path("spec").path("template").path("metadata").path("labels")).deepCopy()
                : ApiHandler.JSON.createObjectNode();
        labels.put("pod-template-hash", hash);
        meta.set("labels", labels);
        meta.putObject("annotations").put("deployment.kubernetes.io/revision", Integer.toString(revision));
        meta.putArray("ownerReferences").add(FakeJson.ownerRef(d, "apps/v1", "Deployment"));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", 0);
        ObjectNode selector = d.path("spec").path("selector").isObject()
                ? ((ObjectNode) d.path("spec").path("selector")).deepCopy() : ApiHandler.JSON.createObjectNode();
        selector.withObjectProperty("matchLabels").put("pod-template-hash", hash);
        spec.set("selector", selector);
        ObjectNode template = ((ObjectNode) d.path("spec").path("template")).deepCopy();
        template.withObjectProperty("metadata").set("labels", labels.deepCopy());
        spec.set("template", template);
        return server.store().create(server.type("apps/v1", "replicasets"), d.path("metadata").path("namespace").asText(), rs);
    }

    private record ReplicaSetPods(int total, int ready) {
    }

    private ReplicaSetPods syncReplicaSet(ObjectNode rs, int replicas) {
        ObjectStore store = server.store();
        ResourceType podType = server.type("v1", "pods");
        String ns = rs.path("metadata").path("namespace").asText();
        String rsName = rs.path("metadata").path("name").asText();
        String uid = rs.path("metadata").path("uid").asText();
        JsonNode template = rs.path("spec").path("template");
        PodBehaviour behaviour = behaviourOf(template);
        List<ObjectNode> pods = new ArrayList<>(store.list(podType, ns).stream()
                .filter(p -> FakeJson.ownedBy(p, uid)).toList());
        while (pods.size() < replicas) {
            pods.add(createPod(rs, template));
        }
        pods.sort(Comparator.comparing(p -> podCreatedTick.getOrDefault(key(p), 0L)));
        while (pods.size() > replicas) {
            ObjectNode victim = pods.remove(pods.size() - 1);
            store.delete(podType, ns, victim.path("metadata").path("name").asText(), false);
            podCreatedTick.remove(key(victim));
            podCreatedAt.remove(key(victim));
        }
        int ready = 0;
        for (ObjectNode pod : pods) {
            long age = ticks - podCreatedTick.getOrDefault(key(pod), ticks);
            Instant born = podCreatedAt.getOrDefault(key(pod), server.clock().instant());
            boolean readyNow = behaviour instanceof PodBehaviour.ReadyAfter r ? age >= r.ticks()
                    : behaviour instanceof PodBehaviour.ReadyAfterTime t
                        && !server.clock().instant().isBefore(born.plus(t.delay()));
            ObjectNode status = PodStatuses.status(pod, template, behaviour, readyNow, age, server.store().now());
            if (PodStatuses.isReadyStatus(status)) {
                ready++;
            }
            store.mutate(podType, ns, pod.path("metadata").path("name").asText(), p -> {
                if (!PodStatuses.sameState(p.path("status"), status)) {
                    p.set("status", status);
                }
                return p;
            });
        }
        int total = pods.size();
        int readyCount = ready;
        store.mutate(server.type("apps/v1", "replicasets"), ns, rsName, r -> {
            int before = r.path("spec").path("replicas").asInt(0);
            r.withObjectProperty("spec").put("replicas", replicas);
            ObjectNode s = ApiHandler.JSON.createObjectNode();
            s.put("replicas", total);
            FakeJson.putOmitZero(s, "fullyLabeledReplicas", total);
            FakeJson.putOmitZero(s, "readyReplicas", readyCount);
            FakeJson.putOmitZero(s, "availableReplicas", readyCount);
            s.put("observedGeneration", r.path("metadata").path("generation").asLong(1) + (replicas != before ? 1 : 0));
            r.set("status", s);
            return r;
        });
        return new ReplicaSetPods(total, readyCount);
    }

    private ObjectNode createPod(ObjectNode rs, JsonNode template) {
        ObjectNode pod = ApiHandler.JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", rs.path("metadata").path("name").asText() + "-" + FakeJson.suffix(++podNames));
        if (template.path("metadata").path("labels").isObject()) {
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        meta.putArray("ownerReferences").add(FakeJson.ownerRef(rs, "apps/v1", "ReplicaSet"));
        ObjectNode spec = template.path("spec").isObject()
                ? ((ObjectNode) template.path("spec")).deepCopy() : ApiHandler.JSON.createObjectNode();
        spec.put("nodeName", "fake-node-1");
        pod.set("spec", spec);
        ObjectNode created = server.store().create(server.type("v1", "pods"),
                rs.path("metadata").path("namespace").asText(), pod);
        podCreatedTick.put(key(created), ticks);
        podCreatedAt.put(key(created), server.clock().instant());
        return created;
    }

    private void writeStatus(ObjectNode d, List<ObjectNode> owned, ObjectNode newRs, int desired, boolean paused) {
        ObjectStore store = server.store();
        ResourceType podType = server.type("v1", "pods");
        String ns = d.path("metadata").path("namespace").asText();
        String name = d.path("metadata").path("name").asText();
        int total = 0;
        int ready = 0;
        int updated = 0;
        String newName = newRs == null ? "" : newRs.path("metadata").path("name").asText();
        for (ObjectNode rs : owned) {
            String uid = rs.path("metadata").path("uid").asText();
            for (ObjectNode pod : store.list(podType, ns)) {
                if (FakeJson.ownedBy(pod, uid)) {
                    total++;
                    boolean isReady = PodStatuses.isReady(pod);
                    ready += isReady ? 1 : 0;
                    updated += rs.path("metadata").path("name").asText().equals(newName) ? 1 : 0;
                }
            }
        }
        String now = store.now();
        Instant at = server.clock().instant();
        String hash = newRs == null ? "" : newRs.path("metadata").path("labels").path("pod-template-hash").asText();
        String key = ns + "/" + name;
        Progress last = progress.get(key);
        if (last == null || !last.hash.equals(hash) || last.ready != ready) {
            last = new Progress(hash, ready, ticks, at);
            progress.put(key, last);
        }
        boolean complete = updated >= desired && total <= updated && ready >= updated;
        long deadlineSeconds = d.path("spec").path("progressDeadlineSeconds").asLong(600);
        boolean exceeded = !complete && (deadlineTicks >= 0
                ? ticks - last.tick >= deadlineTicks
                : Duration.between(last.at, at).getSeconds() > deadlineSeconds);
        int maxUnavailable = maxUnavailable(d, desired);
        int a = ready;
        int u = updated;
        int t = total;
        Progress p = last;
        String revision = newRs == null ? ""
                : newRs.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText("");
        store.mutate(server.type("apps/v1", "deployments"), ns, name, o -> {
            if (!revision.isEmpty()) {
                o.withObjectProperty("metadata").withObjectProperty("annotations")
                        .put("deployment.kubernetes.io/revision", revision);
            }
            ObjectNode s = o.path("status").isObject() ? ((ObjectNode) o.get("status")).deepCopy()
                    : ApiHandler.JSON.createObjectNode();
            s.put("observedGeneration", o.path("metadata").path("generation").asLong(1));
            FakeJson.putOmitZero(s, "replicas", t);
            FakeJson.putOmitZero(s, "updatedReplicas", u);
            FakeJson.putOmitZero(s, "readyReplicas", a);
            FakeJson.putOmitZero(s, "availableReplicas", a);
            FakeJson.putOmitZero(s, "unavailableReplicas", Math.max(0, t - a));
            boolean available = a >= desired - maxUnavailable;
            FakeJson.setCondition(s, "Available", available ? "True" : "False",
                    available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                    available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                    now, true);
            String rsName = "ReplicaSet \"" + newName + "\"";
            if (paused) {
                FakeJson.setCondition(s, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now, true);
            } else if (complete) {
                FakeJson.setCondition(s, "Progressing", "True", "NewReplicaSetAvailable",
                        rsName + " has successfully progressed.", now, true);
            } else if (exceeded) {
                FakeJson.setCondition(s, "Progressing", "False", "ProgressDeadlineExceeded",
                        rsName + " has timed out progressing.", now, true);
            } else {
                FakeJson.setCondition(s, "Progressing", "True",
                        p.tick == ticks && p.ready == 0 ? "NewReplicaSetCreated" : "ReplicaSetUpdated",
                        p.tick == ticks && p.ready == 0 ? "Created new replica set " + rsName.substring(11)
                                : rsName + " is progressing.", now, true);
            }
            o.set("status", s);
            return o;
        });
    }

    private static int maxUnavailable(ObjectNode d, int desired) {
        if ("Recreate".equals(d.path("spec").path("strategy").path("type").asText())) {
            return 0;
        }
        JsonNode v = d.path("spec").path("strategy").path("rollingUpdate").path("maxUnavailable");
        if (v.isInt()) {
            return v.asInt();
        }
        String text = v.asText("25%");
        if (text.endsWith("%")) {
            return (int) Math.floor(desired * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0);
        }
        return Integer.parseInt(text);
    }

    private static String key(JsonNode pod) {
        return pod.path("metadata").path("namespace").asText() + "/" + pod.path("metadata").path("name").asText();
    }
}
