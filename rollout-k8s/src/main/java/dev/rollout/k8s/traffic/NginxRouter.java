package dev.rollout.k8s.traffic;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import dev.rollout.k8s.internal.Names;
import java.util.Optional;

/**
 * NGINX Ingress: clones the {@code stableIngress} into {@code <workload>-<stableIngress>-canary}
 * whose backends are the canary Service, annotated {@code nginx.ingress.kubernetes.io/canary:
 * "true"} and {@code canary-weight}; the stable Ingress is never changed. A weight of 0 (the
 * engine's abort sends all traffic back that way) and {@link #reset} delete the clone, so an
 * aborted rollout leaves no canary Ingress behind; the next weight above 0 clones it again.
 */
final class NginxRouter extends ServiceRouter {
    static final String CANARY = "nginx.ingress.kubernetes.io/canary";
    static final String CANARY_WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";

    NginxRouter(RouterTarget target, Kube kube, RouterConfig config) {
        super(target, kube, config);
    }

    private String canaryIngress(WorkloadRef workload) {
        return workload.name() + "-" + config.required("stableIngress") + "-canary";
    }

    @Override
    protected void applyWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight) {
        String ns = namespace(workload);
        String name = canaryIngress(workload);
        if (canaryWeight == 0) {
            // No canary traffic means no canary Ingress: NGINX then routes everything to stable.
            deleteCanary(workload);
            return;
        }
        Optional<JsonObject> current = kube.get(Gvr.INGRESSES, ns, name);
        if (current.isEmpty()) {
            try {
                kube.create(Gvr.INGRESSES, clone(workload, ns, name, canaryWeight));
                return;
            } catch (KubeCallException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                current = kube.get(Gvr.INGRESSES, ns, name);
            }
        }
        String weight = Integer.toString(canaryWeight);
        if (current.isPresent() && weight.equals(
                Json.str(current.get(), "metadata", "annotations", CANARY_WEIGHT).orElse(null))) {
            return;
        }
        JsonObject patch = new JsonObject();
        Json.ensure(patch, "metadata", "annotations").addProperty(CANARY_WEIGHT, weight);
        kube.mergePatch(Gvr.INGRESSES, ns, name, patch.toString());
    }

    private JsonObject clone(WorkloadRef workload, String ns, String name, int weight) {
        String stableName = config.required("stableIngress");
        JsonObject stable = kube.get(Gvr.INGRESSES, ns, stableName).orElseThrow(() ->
                new TargetException("Ingress " + ns + "/" + stableName + " not found"));
        JsonObject spec = Json.obj(stable, "spec").orElseGet(JsonObject::new).deepCopy();
        int replaced = retarget(spec);
        if (replaced == 0) {
            throw new TargetException("Ingress " + ns + "/" + stableName
                    + " has no backend for Service " + config.stableService());
        }
        JsonObject ingress = new JsonObject();
        ingress.addProperty("kind", "Ingress");
        JsonObject metadata = Json.ensure(ingress, "metadata");
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", ns);
        JsonObject labels = Json.ensure(metadata, "labels");
        labels.addProperty(RolloutLabels.MANAGED_BY, RolloutLabels.MANAGER);
        labels.addProperty(RolloutLabels.WORKLOAD, Names.labelValue(workload.name()));
        JsonObject annotations = Json.ensure(metadata, "annotations");
        Json.str(stable, "metadata", "annotations", "kubernetes.io/ingress.class")
                .ifPresent(c -> annotations.addProperty("kubernetes.io/ingress.class", c));
        annotations.addProperty(CANARY, "true");
        annotations.addProperty(CANARY_WEIGHT, Integer.toString(weight));
        ingress.add("spec", spec);
        return ingress;
    }

    /** Points every backend of the stable Service at the canary Service; returns how many. */
    private int retarget(JsonObject spec) {
        int count = 0;
        Optional<JsonObject> defaultBackend = Json.obj(spec, "defaultBackend", "service");
        if (defaultBackend.isPresent() && isStable(defaultBackend.get())) {
            defaultBackend.get().addProperty("name", config.canaryService());
            count++;
        }
        for (JsonElement rule : Json.arr(spec, "rules")) {
            for (JsonElement path : Json.arr(rule.getAsJsonObject(), "http", "paths")) {
                Optional<JsonObject> service = Json.obj(path.getAsJsonObject(), "backend",
                        "service");
                if (service.isPresent() && isStable(service.get())) {
                    service.get().addProperty("name", config.canaryService());
                    count++;
                }
            }
        }
        return count;
    }

    private boolean isStable(JsonObject service) {
        return config.stableService().equals(Json.str(service, "name").orElse(""));
    }

    @Override
    public int currentWeight(WorkloadRef workload) {
        return kube.get(Gvr.INGRESSES, namespace(workload), canaryIngress(workload))
                .map(i -> (int) Json.num(i, 0, "metadata", "annotations", CANARY_WEIGHT))
                .orElse(0);
    }

    @Override
    public void reset(WorkloadRef workload, String stableRevision) {
        if (config.manageSelectors()) {
            target.pointService(workload, config.stableService(), stableRevision);
        }
        deleteCanary(workload);
    }

    /** Deletes the canary Ingress if it exists: a repeated reset reads, and writes nothing. */
    private void deleteCanary(WorkloadRef workload) {
        String ns = namespace(workload);
        String name = canaryIngress(workload);
        if (kube.get(Gvr.INGRESSES, ns, name).isPresent()) {
            kube.delete(Gvr.INGRESSES, ns, name);
        }
    }
}
