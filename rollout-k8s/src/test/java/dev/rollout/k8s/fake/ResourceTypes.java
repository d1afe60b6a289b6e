package dev.rollout.k8s.fake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The registry of resource types the fake knows; unknown plurals are served as custom resources. */
public final class ResourceTypes {
    private final Map<String, ResourceType> byKey = new ConcurrentHashMap<>();

    ResourceTypes() {
        builtIn("", "pods", "Pod", true, true);
        builtIn("", "services", "Service", true, false);
        builtIn("", "configmaps", "ConfigMap", false, false);
        builtIn("", "secrets", "Secret", false, false);
        builtIn("", "namespaces", "Namespace", true, false);
        builtIn("", "serviceaccounts", "ServiceAccount", false, false);
        builtIn("", "events", "Event", false, false);
        builtIn("", "endpoints", "Endpoints", false, false);
        builtIn("apps", "deployments", "Deployment", true, true);
        builtIn("apps", "replicasets", "ReplicaSet", true, true);
        builtIn("apps", "statefulsets", "StatefulSet", true, true);
        builtIn("apps", "daemonsets", "DaemonSet", true, true);
        builtIn("batch", "jobs", "Job", true, true);
        builtIn("coordination.k8s.io", "leases", "Lease", false, false);
        builtIn("networking.k8s.io", "ingresses", "Ingress", true, true);
        builtIn("autoscaling", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true, false);
        register(ResourceType.custom("gateway.networking.k8s.io", "httproutes", "HTTPRoute", true));
        register(ResourceType.custom("split.smi-spec.io", "trafficsplits", "TrafficSplit", false));
        register(ResourceType.custom("networking.istio.io", "virtualservices", "VirtualService", true));
        register(ResourceType.custom("networking.istio.io", "destinationrules", "DestinationRule", true));
        // Argo CD's Application CRD has no status subresource: its controller writes the whole object.
        register(ResourceType.custom("argoproj.io", "applications", "Application", false));
        register(ResourceType.custom("argoproj.io", "rollouts", "Rollout", true));
        register(ResourceType.custom("argoproj.io", "analysisruns", "AnalysisRun", true));
        register(ResourceType.custom("argoproj.io", "analysistemplates", "AnalysisTemplate", false));
    }

    private void builtIn(String group, String plural, String kind, boolean status, boolean generation) {
        register(new ResourceType(group, plural, kind, status, true, generation));
    }

    /** Adds or replaces a type, e.g. to give a custom resource a {@code /status} subresource. */
    public void register(ResourceType type) {
        byKey.put(key(type.group(), type.plural()), type);
    }

    /** The registered type, or a custom resource without status subresource whose kind is {@code kindHint}. */
    public ResourceType resolve(String group, String plural, String kindHint) {
        ResourceType known = byKey.get(key(group, plural));
        if (known != null) {
            return known;
        }
        return ResourceType.custom(group, plural, kindHint == null ? plural : kindHint, false);
    }

    /** Whether the type was registered (or learned from a create) rather than guessed. */
    public boolean isRegistered(ResourceType type) {
        return byKey.containsKey(key(type.group(), type.plural()));
    }

    /** Remembers the kind of an unknown plural seen in a create, so lists name it. */
    ResourceType learn(String group, String plural, String kind) {
        return byKey.computeIfAbsent(key(group, plural), k -> ResourceType.custom(group, plural, kind, false));
    }

    private static String key(String group, String plural) {
        return group + "/" + plural;
    }
}
