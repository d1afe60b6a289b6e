package dev.rollout.api.cluster;

import java.util.Objects;

/**
 * The service a rollout moves on a target: for Kubernetes, a Deployment in a namespace.
 *
 * @param namespace the namespace
 * @param name the workload's name
 */
public record WorkloadRef(String namespace, String name) {
    public WorkloadRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
