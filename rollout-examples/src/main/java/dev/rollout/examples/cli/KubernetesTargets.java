package dev.rollout.examples.cli;

import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.KubernetesConnection;
import java.nio.file.Path;

/**
 * The one place a deploy names the Kubernetes client, so that {@code DeploySession} loads it only
 * for a config with real clusters (after {@link OptionalJars#KUBERNETES} said it is there).
 */
final class KubernetesTargets {
    private KubernetesTargets() {
    }

    /** A target for {@code cluster} through {@code kubeconfig}'s {@code context} (null: its current one). */
    static ClusterTarget connect(String cluster, Path kubeconfig, String context) {
        return KubernetesClusterTarget.of(KubernetesConnection.fromKubeconfig(cluster, kubeconfig, context));
    }
}
