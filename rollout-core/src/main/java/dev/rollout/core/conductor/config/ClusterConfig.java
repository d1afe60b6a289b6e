package dev.rollout.core.conductor.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code spec.clusters.<name>}: a cluster that is a real Kubernetes cluster, reached through a
 * kubeconfig context by rollout-k8s. Clusters not listed run on embedded clusters.
 *
 * @param name the cluster's name as the waves use it
 * @param kubeconfig the kubeconfig file (default: {@code $KUBECONFIG} or {@code ~/.kube/config})
 * @param context the kubeconfig context (default: the file's current context)
 * @param namespace the namespace the service runs in on that cluster (default: the Rollout's)
 */
public record ClusterConfig(String name, Optional<Path> kubeconfig, Optional<String> context,
        Optional<String> namespace) {
    public ClusterConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(namespace, "namespace");
    }
}
