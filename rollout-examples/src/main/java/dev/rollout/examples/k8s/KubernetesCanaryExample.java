package dev.rollout.examples.k8s;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.cluster.KubernetesConnection;
import dev.rollout.k8s.state.KubernetesStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Rolls a new image out to a Deployment of a real cluster as a basic canary (20%, wait 30 s,
 * 50%, wait 30 s, then 100%), keeping the rollout's state in a ConfigMap of the same namespace.
 *
 * <pre>
 * java -cp rollout.jar dev.rollout.examples.k8s.KubernetesCanaryExample \
 *     ~/.kube/config shop web registry.example/web:2 [context]
 * </pre>
 *
 * The Deployment must exist; afterwards it runs the new image, and nothing else is left behind.
 * The service account needs the Role of {@code docs/kubernetes.md}.
 */
public final class KubernetesCanaryExample {
    private KubernetesCanaryExample() {
    }

    /** Runs the example; see the class documentation for the arguments. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 4) {
            System.err.println("usage: KubernetesCanaryExample <kubeconfig> <namespace> "
                    + "<deployment> <image> [context]");
            System.exit(2);
        }
        String namespace = args[1];
        String deployment = args[2];
        String image = args[3];
        KubernetesConnection cluster = KubernetesConnection.fromKubeconfig("cluster",
                Path.of(args[0]), args.length > 4 ? args[4] : null);
        KubernetesClusterTarget target = KubernetesClusterTarget.of(cluster);

        WorkloadState state = target.observe(new WorkloadRef(namespace, deployment));
        String stable = state.stableRevision().orElseThrow(() -> new IllegalArgumentException(
                "Deployment " + namespace + "/" + deployment + " not found"));
        int replicas = Math.max(1, state.revision(stable).orElseThrow().desired());
        System.out.printf("%s/%s runs %s with %d replicas; rolling out %s%n", namespace,
                deployment, stable, replicas, image);

        RolloutSpec spec = new RolloutSpec(deployment, namespace, replicas,
                CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20),
                        CanaryStep.Pause.of(Duration.ofSeconds(30)), new CanaryStep.SetWeight(50),
                        CanaryStep.Pause.of(Duration.ofSeconds(30)))),
                RolloutSpec.DEFAULT_PROGRESS_DEADLINE_SECONDS, true, Map.of());
        CountDownLatch finished = new CountDownLatch(1);
        try (RolloutEngine engine = RolloutEngine.builder().target(target)
                .stateStore(new KubernetesStateStore(cluster, namespace))
                .listener(event -> {
                    System.out.println(event.at() + "  " + event.message());
                    if (event instanceof RolloutEvent.PhaseChanged change && change.to().isTerminal()) {
                        finished.countDown();
                    }
                })
                .build()) {
            RolloutHandle handle = engine.start(spec, "cluster", new Revision(image,
                    Map.of("image", image)));
            if (!finished.await(30, TimeUnit.MINUTES)) {
                System.err.println("still running after 30 minutes; stopping (resume later)");
            }
            RolloutStatus status = handle.status();
            System.out.printf("%s: %s %s%n", status.rolloutId(), status.phase(), status.message());
        }
    }
}
