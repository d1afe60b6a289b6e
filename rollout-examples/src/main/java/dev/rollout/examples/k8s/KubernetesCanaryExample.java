package dev.rollout.examples.k8s;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.examples.support.ExampleExit;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.state.KubernetesStateStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * The service account needs the Role of {@code docs/kubernetes.md}. Exit codes, as the
 * {@code rollout} command's: 0 Healthy, 1 aborted, 3 still running after 30 minutes (resume it
 * later), 64 bad arguments, an unreadable kubeconfig or a missing Deployment, 70 anything else (the
 * cluster cannot be reached, ...); a failure is one line on stderr, never a stack trace.
 */
public final class KubernetesCanaryExample {
    private KubernetesCanaryExample() {
    }

    static final String USAGE = "usage: KubernetesCanaryExample <kubeconfig> <namespace> "
            + "<deployment> <image> [context]";

    /** Runs the example and exits with its code; see the class documentation for the arguments. */
    public static void main(String[] args) {
        System.exit(main(args, System.out, System.err));
    }

    /** Runs the example as {@link #main(String[])} does and returns the exit code. */
    static int main(String[] args, PrintStream out, PrintStream err) {
        return ExampleExit.guard("KubernetesCanaryExample", USAGE, err, () -> run(args, out, err));
    }

    private static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length < 4 || args.length > 5) {
            throw new ExampleExit.UsageException("expected 4 or 5 arguments, got " + args.length);
        }
        if (!Files.isReadable(Path.of(args[0]))) {
            throw new ExampleExit.UsageException("kubeconfig " + args[0] + " cannot be read");
        }
        String namespace = args[1];
        String deployment = args[2];
        String image = args[3];
        KubernetesConnection cluster = KubernetesConnection.fromKubeconfig("cluster",
                Path.of(args[0]), args.length > 4 ? args[4] : null);
        KubernetesClusterTarget target = KubernetesClusterTarget.of(cluster);

        WorkloadState state = target.observe(new WorkloadRef(namespace, deployment));
        String stable = state.stableRevision().orElseThrow(() -> new ExampleExit.UsageException(
                "Deployment " + namespace + "/" + deployment + " not found"));
        int replicas = Math.max(1, state.revision(stable).orElseThrow().desired());
        out.printf("%s/%s runs %s with %d replicas; rolling out %s%n", namespace,
                deployment, stable, replicas, image);

        RolloutSpec spec = new RolloutSpec(deployment, namespace, replicas,
                CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20),
                        CanaryStep.Pause.of(Duration.ofSeconds(30)), new CanaryStep.SetWeight(50),
                        CanaryStep.Pause.of(Duration.ofSeconds(30)))),
                RolloutSpec.DEFAULT_PROGRESS_DEADLINE_SECONDS, true, Map.of());
        try (RolloutEngine engine = RolloutEngine.builder().target(target)
                .stateStore(new KubernetesStateStore(cluster, namespace))
                .listener(event -> out.println(event.at() + "  " + event.message()))
                .build()) {
            RolloutHandle handle = engine.start(spec, "cluster", new Revision(image,
                    Map.of("image", image)));
            RolloutStatus status = handle.await(Duration.ofMinutes(30));
            out.printf("%s: %s %s%n", status.rolloutId(), status.phase(), status.message());
            if (!ExampleExit.settled(status)) {
                err.println("KubernetesCanaryExample: still running after 30 minutes; stopping (resume later)");
                return ExampleExit.NOT_SETTLED;
            }
            return ExampleExit.of(status);
        }
    }
}
