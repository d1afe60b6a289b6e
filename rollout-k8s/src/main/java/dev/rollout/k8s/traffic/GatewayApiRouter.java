package dev.rollout.k8s.traffic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway API: sets {@code spec.rules[].backendRefs[].weight} of the stable and canary Services
 * in an {@code HTTPRoute} (settings as Argo's {@code argoproj-labs/gatewayAPI} plugin:
 * {@code httpRoute} or {@code httpRoutes: [{name}]}, optional {@code namespace}). A rule that
 * routes to the stable Service but not yet to the canary gets a canary backendRef on the same
 * port. Writes are JSON patches guarded by {@code test} operations.
 */
final class GatewayApiRouter extends ServiceRouter {

    GatewayApiRouter(RouterTarget target, Kube kube, RouterConfig config) {
        super(target, kube, config);
    }

    private List<String> routes() {
        List<String> names = new ArrayList<>();
        config.string("httpRoute").ifPresent(names::add);
        config.blocks("httpRoutes").forEach(b -> RouterConfig.string(b, "name").ifPresent(names::add));
        if (names.isEmpty()) {
            throw config.problem("httpRoute", "is required (or httpRoutes)");
        }
        return names;
    }

    @Override
    protected void applyWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight) {
        String ns = namespace(workload);
        for (String route : routes()) {
            rmw("set weight of HTTPRoute " + ns + "/" + route, () -> {
                JsonObject current = read(ns, route);
                JsonPatch patch = new JsonPatch();
                boolean any = false;
                JsonArray rules = Json.arr(current, "spec", "rules");
                for (int r = 0; r < rules.size(); r++) {
                    any |= patchRule(patch, rules.get(r).getAsJsonObject(),
                            "/spec/rules/" + r, canaryWeight);
                }
                if (!any) {
                    throw new TargetException("HTTPRoute " + ns + "/" + route
                            + " has no backendRef to Service " + config.stableService());
                }
                if (patch.changes()) {
                    kube.jsonPatch(Gvr.HTTP_ROUTES, ns, route, patch.toString());
                }
                return null;
            });
        }
    }

    private boolean patchRule(JsonPatch patch, JsonObject rule, String path, int canaryWeight) {
        JsonArray refs = Json.arr(rule, "backendRefs");
        int stable = -1;
        int canary = -1;
        for (int i = 0; i < refs.size(); i++) {
            String name = Json.str(refs.get(i).getAsJsonObject(), "name").orElse("");
            if (name.equals(config.stableService())) {
                stable = i;
            } else if (name.equals(config.canaryService())) {
                canary = i;
            }
        }
        if (stable < 0) {
            return false;
        }
        setWeight(patch, refs, path + "/backendRefs/" + stable, stable, 100 - canaryWeight);
        if (canary >= 0) {
            setWeight(patch, refs, path + "/backendRefs/" + canary, canary, canaryWeight);
        } else {
            JsonObject added = new JsonObject();
            added.addProperty("name", config.canaryService());
            Json.at(refs.get(stable).getAsJsonObject(), "port")
                    .ifPresent(port -> added.add("port", port.deepCopy()));
            added.addProperty("weight", canaryWeight);
            patch.test(path + "/backendRefs/" + stable + "/name", config.stableService());
            patch.add(path + "/backendRefs/-", added);
        }
        return true;
    }

    private static void setWeight(JsonPatch patch, JsonArray refs, String path, int index,
            int weight) {
        JsonObject ref = refs.get(index).getAsJsonObject();
        patch.test(path + "/name", Json.str(ref, "name").orElse(""));
        if (Json.num(ref, 1, "weight") != weight) {
            // "add" also replaces, and works when the weight field is absent (default 1).
            patch.add(path + "/weight", new com.google.gson.JsonPrimitive(weight));
        }
    }

    private JsonObject read(String ns, String route) {
        return kube.get(Gvr.HTTP_ROUTES, ns, route).orElseThrow(() -> new TargetException(
                "HTTPRoute " + ns + "/" + route + " not found"));
    }

    @Override
    public int currentWeight(WorkloadRef workload) {
        String ns = namespace(workload);
        JsonObject route = read(ns, routes().get(0));
        for (var rule : Json.arr(route, "spec", "rules")) {
            for (var ref : Json.arr(rule.getAsJsonObject(), "backendRefs")) {
                JsonObject backend = ref.getAsJsonObject();
                if (config.canaryService().equals(Json.str(backend, "name").orElse(""))) {
                    return (int) Json.num(backend, 1, "weight");
                }
            }
        }
        return 0;
    }
}
