package dev.rollout.examples.conductor;

import dev.rollout.api.MockClock;
import dev.rollout.core.conductor.ClusterDeployStatus;
import dev.rollout.core.conductor.ClusterTargets;
import dev.rollout.core.conductor.Conductor;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployRequest;
import dev.rollout.core.conductor.DeployStatus;
import dev.rollout.core.conductor.VirtualTimeDriver;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.provider.scripted.PerClusterMetrics;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The README's conductor example, kept running by a test: ships the checkout service of
 * {@code examples/conductor/checkout} to staging (one cluster), then to production (three regions
 * in two waves), where eu-west is scripted to fail its canary analysis and halts the second wave.
 * {@code ConductorExample [service.yaml]}; exits 0 when the deploys end as described.
 */
public final class ConductorExample {
    private ConductorExample() {
    }

    /** Runs the example from the repository root (or with the service config as argument). */
    public static void main(String[] args) {
        Path config = Path.of(args.length > 0 ? args[0] : "examples/conductor/checkout/service.yaml");
        DeployStatus production = run(config);
        System.out.println("production: " + production.result() + " - " + production.message());
        for (ClusterDeployStatus c : production.clusters()) {
            System.out.printf("  wave %d %-9s %-9s %s%n", c.wave() + 1, c.name(), c.phase(), c.message());
        }
        System.exit(production.result() == DeployResult.Failed ? 0 : 1);
    }

    /** Runs the story and returns how the production deploy ended. */
    public static DeployStatus run(Path config) {
        Path dir = config.toAbsolutePath().getParent();
        var scheduler = new VirtualScheduler(new MockClock(Instant.parse("2026-12-01T09:00:00Z")));
        var store = new InMemoryStateStore();                  // or FileStateStore, KubernetesStateStore
        var clusters = ClusterTargets.embedded(scheduler.clock());   // or real clusters
        // Setting the scene: 1.0.0 runs everywhere (a first deploy, every region healthy).
        var good = PerClusterMetrics.load(dir.resolve("metrics-good.yaml"));
        try (Conductor scene = conductor(config, scheduler, store, clusters, good)) {
            settle(scheduler, scene.deploy(DeployRequest.of("staging", "1.0.0").allowingFirstDeploy()));
            settle(scheduler, scene.deploy(DeployRequest.of("production", "1.0.0").allowingFirstDeploy()));
        }
        // --- README: "Deploying a service" starts here ---
        var metrics = PerClusterMetrics.load(dir.resolve("metrics-bad-eu-west.yaml"));
        try (Conductor conductor = Conductor.builder()
                .config(ServiceConfigLoader.load(config))     // environments, waves, chart, rollout
                .scheduler(scheduler)                         // virtual time (ExecutorScheduler: real)
                .stateStore(store)                            // versions, history, the deploy queue
                .clusters(clusters)                           // where each cluster runs
                .scriptedMetrics(metrics.shared())            // every region healthy ...
                .scriptedMetrics("eu-west", metrics.clusters().get("eu-west"))   // ... but one
                .listener(e -> System.out.println(e.at() + " " + e.environment() + " "
                        + (e.cluster() == null ? "" : e.cluster() + " ") + e.type() + " " + e.message()))
                .build()) {
            settle(scheduler, conductor.deploy(DeployRequest.of("staging", "1.1.0")));
            return settle(scheduler, conductor.deploy(DeployRequest.of("production", "1.1.0")));
        }
        // --- README: ends here ---
    }

    private static Conductor conductor(Path config, VirtualScheduler scheduler,
            InMemoryStateStore store, ClusterTargets clusters, PerClusterMetrics metrics) {
        return Conductor.builder().config(ServiceConfigLoader.load(config)).scheduler(scheduler)
                .stateStore(store).clusters(clusters).scriptedMetrics(metrics.shared()).build();
    }

    private static DeployStatus settle(VirtualScheduler scheduler, DeployHandle deploy) {
        VirtualTimeDriver.runUntilSettled(scheduler, deploy, Duration.ofDays(1));
        return deploy.status();
    }
}
