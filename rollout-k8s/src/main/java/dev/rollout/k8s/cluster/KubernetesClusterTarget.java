package dev.rollout.k8s.cluster;

import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.RetryPolicy;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.internal.DeploymentStatus;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import dev.rollout.k8s.internal.Names;
import dev.rollout.k8s.internal.PodFailures;
import dev.rollout.k8s.internal.RevisionTemplates;
import dev.rollout.k8s.internal.Workloads;
import dev.rollout.k8s.traffic.RouterContext;
import dev.rollout.k8s.traffic.RouterTarget;
import dev.rollout.k8s.traffic.TrafficRouterFactory;
import dev.rollout.k8s.traffic.TrafficRouterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service made of a Deployment and its Services on one Kubernetes cluster. The user's
 * Deployment stays the source of truth: it is the stable side; a new revision runs in a
 * Deployment rollout creates beside it (named after the revision, labelled
 * {@code rollouts.dev/revision} and {@code rollouts.dev/managed-by}, owned by the user's
 * Deployment); {@link #markStable} writes the revision's template into the user's Deployment,
 * so Git and the cluster agree, and {@link #remove} deletes what rollout created. Every call
 * reads before it writes and writes only what differs, so repeating it changes nothing.
 * Thread-safe.
 */
public final class KubernetesClusterTarget implements ClusterTarget, RouterTarget {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesClusterTarget.class);

    private final String name;
    private final Kube kube;
    private final Workloads workloads;
    private final boolean podFailureDetection;
    private final Map<WorkloadRef, TrafficRouter> routers = new ConcurrentHashMap<>();
    private final KubernetesConnection connection;
    private final RetryPolicy retryPolicy;
    private final TrafficRouterRegistry routerFactories;

    private KubernetesClusterTarget(Builder builder) {
        this.name = builder.name;
        this.kube = new Kube(builder.connection.client(), builder.retryPolicy);
        this.workloads = new Workloads(kube);
        this.podFailureDetection = builder.podFailureDetection;
        this.connection = builder.connection;
        this.retryPolicy = builder.retryPolicy;
        this.routerFactories = builder.routerFactories.build();
    }

    /** A target on the connection's cluster, named after it, with pod failure detection. */
    public static KubernetesClusterTarget of(KubernetesConnection connection) {
        return builder(connection).build();
    }

    /** A builder for a target on the connection's cluster. */
    public static Builder builder(KubernetesConnection connection) {
        return new Builder(connection);
    }

    @Override
    public String name() {
        return name;
    }

    /** Reads the workload; 5xx, 429 and I/O failures are retried under the retry policy. */
    @Override
    public WorkloadState observe(WorkloadRef workload) {
        return kube.retrying("observe " + workload + " on " + name, () -> observeOnce(workload));
    }

    private WorkloadState observeOnce(WorkloadRef workload) {
        Optional<JsonObject> found = workloads.findUser(workload);
        if (found.isEmpty()) {
            // No user Deployment: the workload does not exist, whatever canaries are left over.
            return WorkloadState.absent();
        }
        JsonObject user = found.get();
        String stableId = Workloads.stableId(user);
        Map<String, RevisionState> revisions = new LinkedHashMap<>();
        Map<String, String> idsByLabel = new LinkedHashMap<>();
        idsByLabel.put(Names.labelValue(stableId), stableId);
        revisions.put(stableId, state(workload, user, stableId, true));
        for (JsonObject canary : kube.list(Gvr.DEPLOYMENTS, workload.namespace(),
                Workloads.canarySelector(workload))) {
            String id = Workloads.canaryRevision(canary);
            idsByLabel.put(Names.labelValue(id), id);
            // Once marked stable, the user's Deployment speaks for the revision: the engine must
            // wait for it, not for the canary about to be removed.
            if (!id.equals(stableId)) {
                revisions.put(id, state(workload, canary, id, false));
            }
        }
        Map<String, String> services = new LinkedHashMap<>();
        Optional<String> stableHash = Optional.empty();
        boolean hashRead = false;
        for (JsonObject service : kube.list(Gvr.SERVICES, workload.namespace(),
                RolloutLabels.WORKLOAD + "=" + Names.labelValue(workload.name()))) {
            String serviceName = Json.str(service, "metadata", "name").orElse("?");
            Optional<String> label = Json.str(service, "spec", "selector", RolloutLabels.REVISION);
            Optional<String> hash =
                    Json.str(service, "spec", "selector", RolloutLabels.POD_TEMPLATE_HASH);
            if (label.isPresent()) {
                services.put(serviceName, idsByLabel.getOrDefault(label.get(), label.get()));
            } else if (hash.isPresent()) {
                if (!hashRead) {
                    stableHash = workloads.currentPodTemplateHash(workload, user);
                    hashRead = true;
                }
                services.put(serviceName, hash.equals(stableHash) ? stableId
                        : RolloutLabels.POD_TEMPLATE_HASH + "=" + hash.get());
            }
        }
        TrafficRouter router = routers.get(workload);
        int weight = router == null ? 0 : router.currentWeight(workload);
        return new WorkloadState(Optional.of(stableId), revisions, services, weight);
    }

    private RevisionState state(WorkloadRef workload, JsonObject deployment, String id,
            boolean stable) {
        DeploymentStatus status = DeploymentStatus.of(deployment);
        Optional<String> podFailure = Optional.empty();
        RevisionState plain = status.toRevisionState(id, podFailure);
        if (podFailureDetection && plain.failure().isEmpty() && plain.desired() > 0
                && !plain.fullyAvailable()) {
            Map<String, String> labels = Json.strings(deployment, "spec", "template", "metadata",
                    "labels");
            String selector = Workloads.selector(labels) + (stable
                    ? "," + "!" + RolloutLabels.MANAGED_BY : "");
            podFailure = PodFailures.firstFailure(
                    kube.list(Gvr.PODS, workload.namespace(), selector));
            podFailure.ifPresent(why -> LOG.warn("{} revision {} on {} cannot become ready: {}",
                    workload, id, name, why));
        }
        return podFailure.isEmpty() ? plain : status.toRevisionState(id, podFailure);
    }

    /**
     * Scales the user's Deployment when {@code revision} is its stable revision; otherwise
     * creates or scales the revision's own Deployment, and deletes it at 0 replicas.
     */
    @Override
    public void scale(WorkloadRef workload, Revision revision, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
        }
        kube.retrying("scale " + workload + " revision " + revision.id(), () -> {
            scaleOnce(workload, revision, replicas);
            return null;
        });
    }

    private void scaleOnce(WorkloadRef workload, Revision revision, int replicas) {
        JsonObject user = workloads.user(workload);
        if (revision.id().equals(Workloads.stableId(user))) {
            setReplicas(workload, workload.name(), user, replicas);
            return;
        }
        Optional<JsonObject> canary = workloads.findCanary(workload, revision.id());
        if (replicas == 0) {
            // No pods is no Deployment: an aborted canary leaves nothing behind.
            if (canary.isPresent()) {
                removeOnce(workload, revision.id());
            }
            return;
        }
        if (canary.isEmpty()) {
            try {
                kube.create(Gvr.DEPLOYMENTS, Workloads.newCanary(workload, user, revision, replicas));
                LOG.info("{} revision {} on {}: created with {} replicas", workload,
                        revision.id(), name, replicas);
                return;
            } catch (KubeCallException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                // Another attempt created it meanwhile: fall through to a plain scale.
                canary = workloads.findCanary(workload, revision.id());
            }
        }
        String canaryName = Workloads.canaryName(workload, revision.id());
        setReplicas(workload, canaryName, canary.orElseThrow(() -> new TargetException(
                "Deployment " + workload.namespace() + "/" + canaryName + " vanished")), replicas);
    }

    private void setReplicas(WorkloadRef workload, String deployment, JsonObject current,
            int replicas) {
        if (Json.num(current, 1, "spec", "replicas") == replicas) {
            return;
        }
        kube.mergePatch(Gvr.DEPLOYMENTS, workload.namespace(), deployment,
                "{\"spec\":{\"replicas\":" + replicas + "}}");
        LOG.info("{} on {}: Deployment {} scaled to {}", workload, name, deployment, replicas);
    }

    /**
     * Deletes the Deployment rollout created for the revision. It also finishes an earlier
     * {@link #markStable} handover: a created Deployment still running the stable revision is
     * deleted once the user's Deployment serves that revision fully (rolled out, as
     * {@code kubectl rollout status} judges).
     */
    @Override
    public void remove(WorkloadRef workload, String revisionId) {
        kube.retrying("remove " + workload + " revision " + revisionId, () -> {
            removeOnce(workload, revisionId);
            return null;
        });
    }

    private void removeOnce(WorkloadRef workload, String revisionId) {
        String canaryName = Workloads.canaryName(workload, revisionId);
        // Read first: removing a revision that has no Deployment (the old stable) writes nothing.
        if (workloads.findCanary(workload, revisionId).isPresent()
                && kube.delete(Gvr.DEPLOYMENTS, workload.namespace(), canaryName)) {
            LOG.info("{} revision {} on {}: Deployment {} deleted", workload, revisionId, name,
                    canaryName);
        }
        workloads.findUser(workload).ifPresent(user -> finishHandover(workload, user));
    }

    /** Deletes the created Deployment of the stable revision once the user's serves it fully. */
    private void finishHandover(WorkloadRef workload, JsonObject user) {
        String stableId = Workloads.stableId(user);
        if (!RevisionTemplates.isLabelled(Workloads.template(user), stableId)
                || !DeploymentStatus.of(user).rolloutComplete()) {
            return;
        }
        String canaryName = Workloads.canaryName(workload, stableId);
        if (workloads.findCanary(workload, stableId).isPresent()
                && kube.delete(Gvr.DEPLOYMENTS, workload.namespace(), canaryName)) {
            LOG.info("{} revision {} on {}: the Deployment serves it fully; {} deleted", workload,
                    stableId, name, canaryName);
        }
    }

    @Override
    public void pointService(WorkloadRef workload, String service, String revisionId) {
        kube.retrying("point Service " + service + " of " + workload + " at " + revisionId, () -> {
            pointServiceOnce(workload, service, revisionId);
            return null;
        });
    }

    private void pointServiceOnce(WorkloadRef workload, String service, String revisionId) {
        JsonObject user = workloads.user(workload);
        Map.Entry<String, String> key = podLabel(workload, user, revisionId);
        String other = key.getKey().equals(RolloutLabels.REVISION)
                ? RolloutLabels.POD_TEMPLATE_HASH : RolloutLabels.REVISION;
        JsonObject current = kube.get(Gvr.SERVICES, workload.namespace(), service).orElseThrow(
                () -> new TargetException("Service " + workload.namespace() + "/" + service
                        + " not found"));
        Map<String, String> selector = Json.strings(current, "spec", "selector");
        Map<String, String> wanted = new LinkedHashMap<>(selector);
        wanted.putAll(Workloads.matchLabels(user));
        wanted.put(key.getKey(), key.getValue());
        wanted.remove(other);
        String owner = Names.labelValue(workload.name());
        boolean labelled = owner.equals(
                Json.str(current, "metadata", "labels", RolloutLabels.WORKLOAD).orElse(null));
        if (wanted.equals(selector) && labelled) {
            return;
        }
        JsonObject patch = new JsonObject();
        Json.ensure(patch, "metadata", "labels").addProperty(RolloutLabels.WORKLOAD, owner);
        JsonObject newSelector = Json.of(wanted);
        if (selector.containsKey(other)) {
            newSelector.add(other, JsonNull.INSTANCE);
        }
        Json.ensure(patch, "spec").add("selector", newSelector);
        kube.mergePatch(Gvr.SERVICES, workload.namespace(), service, patch.toString());
        LOG.info("{} on {}: Service {} now selects revision {} ({}={})", workload, name, service,
                revisionId, key.getKey(), key.getValue());
    }

    /**
     * The pod label that selects only the pods of {@code revisionId}: the revision label, which
     * created Deployments and a Deployment marked stable by rollout carry; for a Deployment
     * rollout never touched, the {@code pod-template-hash} of its current ReplicaSet (no
     * restart). Only when that ReplicaSet cannot be found are the stable pods given the revision
     * label (one restart, same image). Used by Services and by routers that select pods.
     */
    @Override
    public Map.Entry<String, String> podLabel(WorkloadRef workload, String revisionId) {
        return podLabel(workload, workloads.user(workload), revisionId);
    }

    private Map.Entry<String, String> podLabel(WorkloadRef workload, JsonObject user,
            String revisionId) {
        Map.Entry<String, String> byRevision =
                Map.entry(RolloutLabels.REVISION, Names.labelValue(revisionId));
        if (!revisionId.equals(Workloads.stableId(user))
                || RevisionTemplates.isLabelled(Workloads.template(user), revisionId)) {
            return byRevision;
        }
        Optional<String> hash = workloads.currentPodTemplateHash(workload, user);
        if (hash.isPresent()) {
            return Map.entry(RolloutLabels.POD_TEMPLATE_HASH, hash.get());
        }
        labelStablePods(workload, user, revisionId);
        return byRevision;
    }

    /**
     * Adds the revision label to the stable pods of a Deployment rollout never touched, when
     * no ReplicaSet hash can tell them apart from a new revision's pods. This restarts them
     * once, with the same image.
     */
    private void labelStablePods(WorkloadRef workload, JsonObject user, String stableId) {
        JsonObject patch = new JsonObject();
        JsonObject metadata = Json.ensure(patch, "spec", "template", "metadata");
        Json.ensure(metadata, "labels").addProperty(RolloutLabels.REVISION,
                Names.labelValue(stableId));
        JsonObject annotations = Json.ensure(metadata, "annotations");
        annotations.addProperty(RolloutLabels.REVISION_ID, stableId);
        annotations.addProperty(RolloutLabels.IMAGES,
                RevisionTemplates.images(Workloads.template(user)));
        kube.mergePatch(Gvr.DEPLOYMENTS, workload.namespace(), workload.name(), patch.toString());
        LOG.info("{} on {}: stable pods labelled with revision {} (one restart)", workload, name,
                stableId);
    }

    /**
     * Writes the revision's template into the user's Deployment (read–modify–write with its
     * resourceVersion) and raises its replicas to those of the revision's created Deployment, so
     * it can carry the whole load. The created Deployment keeps serving until the user's has
     * rolled out; a later {@link #remove} or repeated {@code markStable} then deletes it.
     */
    @Override
    public void markStable(WorkloadRef workload, Revision revision) {
        JsonObject written = kube.retrying("markStable " + workload + " " + revision.id(), () -> {
            JsonObject user = workloads.user(workload);
            JsonObject template = Workloads.template(user);
            Optional<JsonObject> canary = workloads.findCanary(workload, revision.id());
            long replicas = Json.num(user, 1, "spec", "replicas");
            long wanted = Math.max(replicas,
                    canary.map(c -> Json.num(c, 1, "spec", "replicas")).orElse(0L));
            boolean stamped = revision.id().equals(RevisionTemplates.revisionOf(template))
                    && RevisionTemplates.isLabelled(template, revision.id());
            if (stamped && wanted == replicas) {
                return user;
            }
            if (!stamped) {
                Json.ensure(user, "spec").add("template", RevisionTemplates.stamp(template,
                        revision, canary.map(Workloads::template), "Deployment " + workload));
            }
            Json.ensure(user, "spec").addProperty("replicas", wanted);
            JsonObject result = kube.replace(Gvr.DEPLOYMENTS, user);
            LOG.info("{} on {}: revision {} written into the Deployment as stable ({} replicas)",
                    workload, name, revision.id(), wanted);
            return result;
        });
        finishHandover(workload, written);
    }

    /**
     * The router of the factory registered for {@code routing}'s kind (see
     * {@link Builder#trafficRouter}), or empty, logged with the supported kinds, when none is.
     */
    @Override
    public Optional<TrafficRouter> trafficRouter(WorkloadRef workload, TrafficRouting routing) {
        Optional<TrafficRouter> router = routerFactories.create(
                new RouterContext(this, connection, retryPolicy, workload, routing));
        router.ifPresent(r -> routers.put(workload, r));
        return router;
    }

    @Override
    public String toString() {
        return "KubernetesClusterTarget[" + name + "]";
    }

    /** Builds a {@link KubernetesClusterTarget}. */
    public static final class Builder {
        private final KubernetesConnection connection;
        private String name;
        private boolean podFailureDetection = true;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private final TrafficRouterRegistry.Builder routerFactories = TrafficRouterRegistry.builder();

        private Builder(KubernetesConnection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.name = connection.name();
        }

        /** The target's name (default: the connection's name). */
        public Builder name(String targetName) {
            this.name = Objects.requireNonNull(targetName, "name");
            return this;
        }

        /**
         * Whether a revision that is not yet available has its pods checked for crash loops and
         * image pull failures (default true; costs one pod list per such revision and observe).
         */
        public Builder podFailureDetection(boolean enabled) {
            this.podFailureDetection = enabled;
            return this;
        }

        /**
         * How failed calls are retried (default {@link RetryPolicy#defaults()}). The waits run
         * on the calling thread, which for the engine is a thread of its target executor
         * ({@code RolloutEngine.Builder.targetExecutor}), never one of its scheduler's.
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * Registers a traffic router kind, or replaces a built-in one ({@code gatewayAPI},
         * {@code smi}, {@code istio}, {@code nginx} are registered by default).
         */
        public Builder trafficRouter(TrafficRouterFactory factory) {
            routerFactories.register(factory);
            return this;
        }

        /**
         * Also registers every {@link TrafficRouterFactory} that {@link java.util.ServiceLoader}
         * finds on {@code loader} (opt-in; each one found is logged); a factory registered with
         * {@link #trafficRouter} after this call wins over a discovered one.
         */
        public Builder discoverTrafficRouters(ClassLoader loader) {
            routerFactories.discover(Objects.requireNonNull(loader, "loader"));
            return this;
        }

        /** The target. */
        public KubernetesClusterTarget build() {
            return new KubernetesClusterTarget(this);
        }
    }
}
