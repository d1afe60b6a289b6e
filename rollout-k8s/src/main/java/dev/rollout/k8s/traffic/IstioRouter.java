package dev.rollout.k8s.traffic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Istio: sets {@code spec.http[].route[].weight} in a {@code VirtualService} (settings as Argo's:
 * {@code virtualService: {name, routes}} or {@code virtualServices: [...]}). Destinations are
 * told apart by host (the stable and canary Services), or by subset when a
 * {@code destinationRule: {name, stableSubsetName, canarySubsetName}} is given; the subsets then
 * get the revision label so they select the right pods. Writes are guarded JSON patches.
 */
final class IstioRouter extends ServiceRouter {
    private final Map<String, Object> destinationRule;

    IstioRouter(RouterTarget target, Kube kube, RouterConfig config) {
        super(target, kube, config);
        this.destinationRule = config.block("destinationRule");
    }

    private record VsRef(String name, List<String> routes) {
    }

    private List<VsRef> virtualServices() {
        List<VsRef> refs = new ArrayList<>();
        Map<String, Object> single = config.block("virtualService");
        if (!single.isEmpty()) {
            refs.add(new VsRef(RouterConfig.string(single, "name").orElseThrow(
                    () -> config.problem("virtualService.name", "is required")),
                    RouterConfig.strings(single, "routes")));
        }
        for (Map<String, Object> b : config.blocks("virtualServices")) {
            refs.add(new VsRef(RouterConfig.string(b, "name").orElseThrow(
                    () -> config.problem("virtualServices[].name", "is required")),
                    RouterConfig.strings(b, "routes")));
        }
        if (refs.isEmpty()) {
            throw config.problem("virtualService", "is required (or virtualServices)");
        }
        return refs;
    }

    private boolean subsets() {
        return !destinationRule.isEmpty();
    }

    @Override
    protected boolean usesServices() {
        return !subsets();
    }

    private String stableKey() {
        return subsets() ? RouterConfig.string(destinationRule, "stableSubsetName").orElse("stable")
                : config.stableService();
    }

    private String canaryKey() {
        return subsets() ? RouterConfig.string(destinationRule, "canarySubsetName").orElse("canary")
                : config.canaryService();
    }

    private boolean matches(JsonObject destination, String key) {
        if (subsets()) {
            return key.equals(Json.str(destination, "subset").orElse(""));
        }
        String host = Json.str(destination, "host").orElse("");
        return host.equals(key) || host.startsWith(key + ".");
    }

    @Override
    protected void applyWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight) {
        String ns = namespace(workload);
        if (subsets()) {
            labelSubsets(workload, ns, stableRevision, canaryRevision);
        }
        for (VsRef vs : virtualServices()) {
            rmw("set weight of VirtualService " + ns + "/" + vs.name(), () -> {
                JsonObject current = read(ns, vs.name());
                JsonPatch patch = new JsonPatch();
                JsonArray http = Json.arr(current, "spec", "http");
                int matched = 0;
                for (int i = 0; i < http.size(); i++) {
                    JsonObject route = http.get(i).getAsJsonObject();
                    String name = Json.str(route, "name").orElse("");
                    if (!vs.routes().isEmpty() && !vs.routes().contains(name)) {
                        continue;
                    }
                    patchRoute(patch, route, "/spec/http/" + i, vs.name(), canaryWeight);
                    matched++;
                }
                if (matched == 0) {
                    throw new TargetException("VirtualService " + ns + "/" + vs.name()
                            + " has no http route named " + vs.routes());
                }
                if (patch.changes()) {
                    kube.jsonPatch(Gvr.VIRTUAL_SERVICES, ns, vs.name(), patch.toString());
                }
                return null;
            });
        }
    }

    private void patchRoute(JsonPatch patch, JsonObject http, String path, String vs,
            int canaryWeight) {
        JsonArray routes = Json.arr(http, "route");
        int stable = -1;
        int canary = -1;
        for (int i = 0; i < routes.size(); i++) {
            JsonObject destination = Json.obj(routes.get(i).getAsJsonObject(), "destination")
                    .orElseGet(JsonObject::new);
            if (matches(destination, stableKey())) {
                stable = i;
            } else if (matches(destination, canaryKey())) {
                canary = i;
            }
        }
        if (stable < 0 || canary < 0) {
            throw new TargetException("VirtualService " + vs + " route " + path
                    + " needs destinations for both " + stableKey() + " and " + canaryKey());
        }
        weight(patch, routes, path + "/route/" + stable, stable, 100 - canaryWeight);
        weight(patch, routes, path + "/route/" + canary, canary, canaryWeight);
    }

    private void weight(JsonPatch patch, JsonArray routes, String path, int index, int weight) {
        JsonObject route = routes.get(index).getAsJsonObject();
        String field = subsets() ? "subset" : "host";
        patch.test(path + "/destination/" + field,
                Json.str(route, "destination", field).orElse(""));
        if (Json.num(route, -1, "weight") != weight) {
            patch.add(path + "/weight", new JsonPrimitive(weight));
        }
    }

    private void labelSubsets(WorkloadRef workload, String ns, String stableRevision,
            String canaryRevision) {
        Map.Entry<String, String> stableLabel = target.podLabel(workload, stableRevision);
        Map.Entry<String, String> canaryLabel = target.podLabel(workload, canaryRevision);
        String name = RouterConfig.string(destinationRule, "name").orElseThrow(
                () -> config.problem("destinationRule.name", "is required"));
        Gvr rules = new Gvr("networking.istio.io", Gvr.VIRTUAL_SERVICES.version(),
                "destinationrules");
        rmw("label subsets of DestinationRule " + ns + "/" + name, () -> {
            JsonObject current = kube.get(rules, ns, name).orElseThrow(() ->
                    new TargetException("DestinationRule " + ns + "/" + name + " not found"));
            JsonPatch patch = new JsonPatch();
            JsonArray list = Json.arr(current, "spec", "subsets");
            for (int i = 0; i < list.size(); i++) {
                JsonObject subset = list.get(i).getAsJsonObject();
                String subsetName = Json.str(subset, "name").orElse("");
                Map.Entry<String, String> key = subsetName.equals(stableKey()) ? stableLabel
                        : subsetName.equals(canaryKey()) ? canaryLabel : null;
                if (key == null) {
                    continue;
                }
                Map<String, String> labels = Json.strings(subset, "labels");
                Map<String, String> wanted = new LinkedHashMap<>(labels);
                wanted.remove(RolloutLabels.REVISION);
                wanted.remove(RolloutLabels.POD_TEMPLATE_HASH);
                wanted.put(key.getKey(), key.getValue());
                if (wanted.equals(labels)) {
                    continue;
                }
                String path = "/spec/subsets/" + i;
                patch.test(path + "/name", subsetName);
                patch.add(path + "/labels", Json.of(wanted));
            }
            if (patch.changes()) {
                kube.jsonPatch(rules, ns, name, patch.toString());
            }
            return null;
        });
    }

    private JsonObject read(String ns, String name) {
        return kube.get(Gvr.VIRTUAL_SERVICES, ns, name).orElseThrow(() -> new TargetException(
                "VirtualService " + ns + "/" + name + " not found"));
    }

    @Override
    public int currentWeight(WorkloadRef workload) {
        VsRef vs = virtualServices().get(0);
        JsonObject current = read(namespace(workload), vs.name());
        for (var h : Json.arr(current, "spec", "http")) {
            JsonObject http = h.getAsJsonObject();
            if (!vs.routes().isEmpty()
                    && !vs.routes().contains(Json.str(http, "name").orElse(""))) {
                continue;
            }
            for (var r : Json.arr(http, "route")) {
                JsonObject route = r.getAsJsonObject();
                if (matches(Json.obj(route, "destination").orElseGet(JsonObject::new),
                        canaryKey())) {
                    return (int) Json.num(route, 0, "weight");
                }
            }
        }
        return 0;
    }
}
