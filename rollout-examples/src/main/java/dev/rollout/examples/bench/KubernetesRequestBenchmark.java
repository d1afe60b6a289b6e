package dev.rollout.examples.bench;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.KubernetesConnection;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the API requests a canary costs on a cluster: every request of the client goes through
 * a counting interceptor, and the counts are printed per rollout event (writes per weight step,
 * requests while a pause runs). Runs a three-step canary (25%, 50%, 75%, each followed by a 20 s
 * pause) of a new image on an existing Deployment, so point it at a test cluster.
 *
 * <pre>
 * java -cp rollout.jar dev.rollout.examples.bench.KubernetesRequestBenchmark \
 *     ~/.kube/config shop web registry.example/web:2 [context]
 * </pre>
 *
 * The same measurement runs offline in {@code KubernetesRequestBudgetTest} (rollout-k8s tests)
 * against the fake API server, where it is asserted: at most 3 writes per weight change, none
 * while a pause runs.
 */
public final class KubernetesRequestBenchmark {
    private KubernetesRequestBenchmark() {
    }

    /** Runs the benchmark; see the class documentation for the arguments. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 4) {
            System.err.println("usage: KubernetesRequestBenchmark <kubeconfig> <namespace> "
                    + "<deployment> <image> [context]");
            System.exit(2);
        }
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        ApiClient client;
        try (Reader reader = Files.newBufferedReader(Path.of(args[0]))) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(Path.of(args[0]).toFile());
            if (args.length > 4 && !config.setContext(args[4])) {
                throw new IllegalArgumentException("context " + args[4] + " not found");
            }
            client = ClientBuilder.kubeconfig(config).build();
        }
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(chain -> {
            requests.incrementAndGet();
            if (!chain.request().method().equals("GET")) {
                writes.incrementAndGet();
            }
            return chain.proceed(chain.request());
        }).build());
        KubernetesConnection cluster = KubernetesConnection.of("bench", client);
        KubernetesClusterTarget target = KubernetesClusterTarget.of(cluster);
        WorkloadRef workload = new WorkloadRef(args[1], args[2]);
        String stable = target.observe(workload).stableRevision().orElseThrow(
                () -> new IllegalArgumentException("Deployment " + workload + " not found"));
        int replicas = target.observe(workload).revision(stable).orElseThrow().desired();

        RolloutSpec spec = new RolloutSpec(args[2], args[1], replicas, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(25), CanaryStep.Pause.of(Duration.ofSeconds(20)),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofSeconds(20)),
                new CanaryStep.SetWeight(75), CanaryStep.Pause.of(Duration.ofSeconds(20)))),
                600, true, Map.of());
        CountDownLatch done = new CountDownLatch(1);
        int[] last = {requests.get(), writes.get()};
        System.out.printf("%-40s %9s %7s%n", "event", "requests", "writes");
        try (RolloutEngine engine = RolloutEngine.builder().target(target).listener(event -> {
            if (event instanceof RolloutEvent.StepCompleted || event instanceof RolloutEvent.Paused
                    || event instanceof RolloutEvent.Resumed
                    || event instanceof RolloutEvent.PhaseChanged) {
                System.out.printf("%-40s %9d %7d%n", event.getClass().getSimpleName() + " "
                        + shorten(event.message()), requests.get() - last[0],
                        writes.get() - last[1]);
                last[0] = requests.get();
                last[1] = writes.get();
            }
            if (event instanceof RolloutEvent.PhaseChanged c && c.to().isTerminal()) {
                done.countDown();
            }
        }).build()) {
            RolloutHandle handle = engine.start(spec, "bench", new Revision(args[3],
                    Map.of("image", args[3])));
            done.await(30, TimeUnit.MINUTES);
            System.out.printf("total: %d requests, %d writes; %s%n", requests.get(),
                    writes.get(), handle.status().phase());
        }
    }

    private static String shorten(String message) {
        return message.length() > 28 ? message.substring(0, 28) : message;
    }
}
