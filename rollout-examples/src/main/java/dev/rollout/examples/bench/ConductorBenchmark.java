package dev.rollout.examples.bench;

import dev.rollout.api.MockClock;
import dev.rollout.core.conductor.Conductor;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployRequest;
import dev.rollout.core.conductor.VirtualTimeDriver;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measures the conductor on embedded clusters in virtual time: (1) one service deployed to 50
 * clusters in 5 waves of 10 parallel clusters, each a 6-step canary with an analysis step;
 * (2) 100 services, each deployed to 3 environments (1 + 2 + 4 clusters). Prints wall time,
 * virtual time, threads and heap. Run with
 * {@code java -Xmx1g -cp rollout-examples/target/rollout.jar dev.rollout.examples.bench.ConductorBenchmark}.
 */
public final class ConductorBenchmark {
    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: app, namespace: bench}
            spec:
              replicas: 10
              selector: {matchLabels: {app: app}}
              template:
                metadata: {labels: {app: app}}
                spec: {containers: [{name: app, image: "bench/app:1"}]}
              strategy:
                canary:
                  steps:
                    - setWeight: 10
                    - pause: {duration: 1m}
                    - analysis: {templates: [{templateName: success}]}
                    - setWeight: 50
                    - pause: {duration: 2m}
                    - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: success, namespace: bench}
            spec:
              metrics:
                - name: success
                  interval: 30s
                  count: 3
                  successCondition: result >= 0.95
                  provider: {web: {url: "http://metrics.internal/success", jsonPath: "{$.v}"}}
            """;

    private ConductorBenchmark() {
    }

    /** Runs both scenarios. */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Path dir = Files.createTempDirectory("conductor-bench");
        oneServiceFiftyClusters(dir.resolve("fifty"));
        hundredServices(dir.resolve("hundred"));
    }

    private static void oneServiceFiftyClusters(Path dir) throws IOException {
        StringBuilder waves = new StringBuilder();
        for (int w = 0; w < 5; w++) {
            int first = w * 10;
            String clusters = IntStream.range(0, 10).mapToObj(c -> "c" + (first + c))
                    .collect(Collectors.joining(", "));
            waves.append("        - {clusters: [").append(clusters).append("], parallel: true}\n");
        }
        Path config = write(dir, "svc", "      - name: prod\n        waves:\n" + waves);
        VirtualScheduler scheduler = new VirtualScheduler(new MockClock(Instant.parse("2026-01-01T00:00:00Z")));
        int threadsBefore = Thread.activeCount();
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        try (Conductor conductor = conductor(config, scheduler)) {
            Instant virtualStart = scheduler.clock().instant();
            DeployHandle first = conductor.deploy(DeployRequest.of("prod", "v1").allowingFirstDeploy());
            VirtualTimeDriver.runUntilSettled(scheduler, first, Duration.ofDays(1));
            long firstNanos = System.nanoTime();
            Instant secondStart = scheduler.clock().instant();
            DeployHandle second = conductor.deploy(DeployRequest.of("prod", "v2"));
            VirtualTimeDriver.runUntilSettled(scheduler, second, Duration.ofDays(1));
            long end = System.nanoTime();
            long heap = usedHeapAfterGc() - heapBefore;
            require(second.status().result() == DeployResult.Deployed, second.status().message());
            System.out.printf("1 service, 50 clusters in 5 waves: first deploy %.0f ms wall,"
                            + " canary deploy %.0f ms wall for %s virtual, %d threads added,"
                            + " %.1f MB heap held after both%n",
                    (firstNanos - start) / 1e6, (end - firstNanos) / 1e6,
                    Duration.between(secondStart, scheduler.clock().instant()),
                    Thread.activeCount() - threadsBefore, heap / 1e6);
            require(virtualStart.isBefore(secondStart), "virtual time moved");
        }
    }

    private static void hundredServices(Path dir) throws IOException {
        VirtualScheduler scheduler = new VirtualScheduler(new MockClock(Instant.parse("2026-01-01T00:00:00Z")));
        String envs = """
                      - name: staging
                        waves: [{clusters: [s1]}]
                      - name: canary
                        after: staging
                        waves: [{clusters: [k1, k2], parallel: true}]
                      - name: prod
                        after: canary
                        waves: [{clusters: [p1]}, {clusters: [p2, p3, p4], parallel: true}]
                """;
        List<Conductor> conductors = new ArrayList<>();
        int threadsBefore = Thread.activeCount();
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            conductors.add(conductor(write(dir.resolve("s" + i), "svc-" + i, envs), scheduler));
        }
        Instant virtualStart = scheduler.clock().instant();
        for (String env : List.of("staging", "canary", "prod")) {
            List<DeployHandle> first = new ArrayList<>();
            conductors.forEach(c -> first.add(c.deploy(DeployRequest.of(env, "v1").allowingFirstDeploy())));
            VirtualTimeDriver.runUntil(scheduler, () -> first.stream().allMatch(h -> h.status().settled()),
                    Duration.ofDays(1));
        }
        long canaryStart = System.nanoTime();
        Instant canaryVirtual = scheduler.clock().instant();
        int deployed = 0;
        for (String env : List.of("staging", "canary", "prod")) {
            List<DeployHandle> handles = new ArrayList<>();
            conductors.forEach(c -> handles.add(c.deploy(DeployRequest.of(env, "v2"))));
            VirtualTimeDriver.runUntil(scheduler, () -> handles.stream().allMatch(h -> h.status().settled()),
                    Duration.ofDays(1));
            deployed += (int) handles.stream().filter(h -> h.status().result() == DeployResult.Deployed).count();
        }
        long end = System.nanoTime();
        long heap = usedHeapAfterGc() - heapBefore;
        require(deployed == 300, "deployed " + deployed + " of 300");
        System.out.printf("100 services x 3 environments (700 clusters): first deploys %.0f ms,"
                        + " 300 canary deploys %.0f ms wall for %s virtual (from %s), %d threads added,"
                        + " %.1f MB heap held%n",
                (canaryStart - start) / 1e6, (end - canaryStart) / 1e6,
                Duration.between(canaryVirtual, scheduler.clock().instant()), virtualStart,
                Thread.activeCount() - threadsBefore, heap / 1e6);
        conductors.forEach(Conductor::close);
    }

    private static Conductor conductor(Path config, VirtualScheduler scheduler) {
        return Conductor.builder()
                .config(ServiceConfigLoader.load(config))
                .scheduler(scheduler)
                .scriptedMetrics(ScriptedMetrics.parse("bench", "metrics: {success: {values: [0.99]}}"))
                .providerExecutor(Runnable::run)
                .build();
    }

    private static Path write(Path dir, String name, String environments) throws IOException {
        Files.createDirectories(dir.resolve("chart"));
        Files.writeString(dir.resolve("chart/values.yaml"), "replicaCount: 10\n");
        Files.writeString(dir.resolve("rollout.yaml"), ROLLOUT);
        Path config = dir.resolve("service.yaml");
        Files.writeString(config, "apiVersion: rollout.dev/v1alpha1\nkind: Service\nmetadata: {name: "
                + name + "}\nspec:\n  chart: chart\n  rollout: rollout.yaml\n  source: {static: {revisions: [v1, v2]}}\n"
                + "  environments:\n" + environments);
        return config;
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("benchmark went wrong: " + what);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
