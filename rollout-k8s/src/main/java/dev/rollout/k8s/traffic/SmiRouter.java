package dev.rollout.k8s.traffic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import dev.rollout.k8s.internal.Names;
import java.util.Optional;

/**
 * SMI: keeps a {@code TrafficSplit} (settings as Argo's: {@code trafficSplitName}, default the
 * workload's name; {@code rootService}, default the stable Service; {@code apiVersion}, default
 * {@code split.smi-spec.io/v1alpha2}) with {@code spec.backends} of the stable and canary
 * Services weighted to sum to 100. Creates the split when missing; writes merge patches.
 */
final class SmiRouter extends ServiceRouter {
    private final Gvr gvr;

    SmiRouter(RouterTarget target, Kube kube, RouterConfig config) {
        super(target, kube, config);
        String apiVersion = config.string("apiVersion").orElse("split.smi-spec.io/v1alpha2");
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            throw config.problem("apiVersion", "must be group/version, was " + apiVersion);
        }
        this.gvr = new Gvr(apiVersion.substring(0, slash), apiVersion.substring(slash + 1),
                "trafficsplits");
    }

    private String splitName(WorkloadRef workload) {
        return config.string("trafficSplitName").orElse(workload.name());
    }

    private JsonArray backends(int canaryWeight) {
        JsonArray backends = new JsonArray();
        backends.add(backend(config.stableService(), 100 - canaryWeight));
        backends.add(backend(config.canaryService(), canaryWeight));
        return backends;
    }

    private static JsonObject backend(String service, int weight) {
        JsonObject b = new JsonObject();
        b.addProperty("service", service);
        b.addProperty("weight", weight);
        return b;
    }

    @Override
    protected void applyWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight) {
        String ns = namespace(workload);
        String name = splitName(workload);
        JsonArray wanted = backends(canaryWeight);
        Optional<JsonObject> current = kube.get(gvr, ns, name);
        if (current.isEmpty()) {
            try {
                kube.create(gvr, newSplit(workload, ns, name, wanted));
                return;
            } catch (KubeCallException e) {
                if (!e.isAlreadyExists()) {
                    throw e;
                }
                current = kube.get(gvr, ns, name);
            }
        }
        if (current.isPresent() && wanted.equals(Json.arr(current.get(), "spec", "backends"))) {
            return;
        }
        JsonObject patch = new JsonObject();
        Json.ensure(patch, "spec").add("backends", wanted);
        kube.mergePatch(gvr, ns, name, patch.toString());
    }

    private JsonObject newSplit(WorkloadRef workload, String ns, String name, JsonArray backends) {
        JsonObject split = new JsonObject();
        split.addProperty("kind", "TrafficSplit");
        JsonObject metadata = Json.ensure(split, "metadata");
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", ns);
        JsonObject labels = Json.ensure(metadata, "labels");
        labels.addProperty(RolloutLabels.MANAGED_BY, RolloutLabels.MANAGER);
        labels.addProperty(RolloutLabels.WORKLOAD, Names.labelValue(workload.name()));
        JsonObject spec = Json.ensure(split, "spec");
        spec.addProperty("service", config.string("rootService").orElse(config.stableService()));
        spec.add("backends", backends);
        return split;
    }

    @Override
    public int currentWeight(WorkloadRef workload) {
        Optional<JsonObject> split = kube.get(gvr, namespace(workload), splitName(workload));
        if (split.isEmpty()) {
            return 0;
        }
        for (JsonElement b : Json.arr(split.get(), "spec", "backends")) {
            if (config.canaryService().equals(Json.str(b.getAsJsonObject(), "service").orElse(""))) {
                return (int) Json.num(b.getAsJsonObject(), 0, "weight");
            }
        }
        return 0;
    }
}
