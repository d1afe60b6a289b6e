package dev.rollout.k8s.state;

import dev.rollout.api.spi.StateStore;
import dev.rollout.k8s.KubernetesConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens the crash suite's Kubernetes state store for a run directory: the kubeconfig of the fake
 * API server is the nearest {@code kubeconfig} file above the directory, and each run has its own
 * namespace (named after the directory), so runs never share a ConfigMap.
 */
public final class CrashStores {
    private CrashStores() {
    }

    /** The ConfigMap store of the run in {@code dir}. */
    public static StateStore open(Path dir) {
        Path at = dir.toAbsolutePath();
        while (at != null && !Files.exists(at.resolve("kubeconfig"))) {
            at = at.getParent();
        }
        if (at == null) {
            throw new IllegalStateException("no kubeconfig above " + dir);
        }
        String namespace = ("crash-" + dir.getFileName()).toLowerCase(Locale.ROOT);
        return new KubernetesStateStore(KubernetesConnection.fromKubeconfig("fake",
                at.resolve("kubeconfig"), null), namespace);
    }
}
