package dev.rollout.k8s.internal;

import java.util.Objects;

/**
 * A resource type's group, version and plural, as the API server's URL paths name it.
 *
 * @param group the API group, empty for the core group
 * @param version the version
 * @param plural the plural resource name
 */
public record Gvr(String group, String version, String plural) {
    public static final Gvr DEPLOYMENTS = new Gvr("apps", "v1", "deployments");
    public static final Gvr REPLICA_SETS = new Gvr("apps", "v1", "replicasets");
    public static final Gvr SERVICES = new Gvr("", "v1", "services");
    public static final Gvr PODS = new Gvr("", "v1", "pods");
    public static final Gvr CONFIG_MAPS = new Gvr("", "v1", "configmaps");
    public static final Gvr SECRETS = new Gvr("", "v1", "secrets");
    public static final Gvr JOBS = new Gvr("batch", "v1", "jobs");
    public static final Gvr LEASES = new Gvr("coordination.k8s.io", "v1", "leases");
    public static final Gvr INGRESSES = new Gvr("networking.k8s.io", "v1", "ingresses");
    public static final Gvr HTTP_ROUTES = new Gvr("gateway.networking.k8s.io", "v1", "httproutes");
    public static final Gvr VIRTUAL_SERVICES =
            new Gvr("networking.istio.io", "v1beta1", "virtualservices");
    public static final Gvr APPLICATIONS = new Gvr("argoproj.io", "v1alpha1", "applications");
    public static final Gvr ROLLOUTS = new Gvr("argoproj.io", "v1alpha1", "rollouts");

    public Gvr {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
    }

    /** The {@code apiVersion} field of objects of this type. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** A copy at another version of the same group and plural. */
    public Gvr withVersion(String newVersion) {
        return new Gvr(group, newVersion, plural);
    }

    @Override
    public String toString() {
        return plural + (group.isEmpty() ? "" : "." + group) + "/" + version;
    }
}
