package dev.rollout.k8s.fake;

import java.util.Objects;

/**
 * How the fake API server treats one kind of resource, keyed by API group and plural.
 *
 * @param group the API group, {@code ""} for the core group
 * @param plural the plural resource name used in URLs, such as {@code deployments}
 * @param kind the kind, such as {@code Deployment}
 * @param statusSubresource whether {@code /status} exists, so main writes ignore {@code .status}
 * @param builtIn whether the kind is compiled into Kubernetes (strategic merge patch allowed,
 *     unconditional PUT allowed, DELETE answers a Status) rather than a custom resource
 * @param generation whether writes maintain {@code metadata.generation}
 */
public record ResourceType(String group, String plural, String kind, boolean statusSubresource,
                           boolean builtIn, boolean generation) {

    /** Validates the names. */
    public ResourceType {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(plural, "plural");
        Objects.requireNonNull(kind, "kind");
    }

    /** A custom resource with a {@code /status} subresource when {@code statusSubresource}. */
    public static ResourceType custom(String group, String plural, String kind, boolean statusSubresource) {
        return new ResourceType(group, plural, kind, statusSubresource, false, true);
    }

    /** The {@code plural.group} name the real server uses in messages, e.g. {@code deployments.apps}. */
    public String qualifiedName() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
