package dev.rollout.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.core.conductor.ClusterTargets;
import dev.rollout.core.conductor.Conductor;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployRefusedException;
import dev.rollout.core.conductor.DeployRequest;
import dev.rollout.core.conductor.DeployState;
import dev.rollout.core.conductor.VirtualTimeDriver;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.scheduler.VirtualScheduler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conductor's queue length and refusals, on virtual time. */
class ConductorMetricsTest {
    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              replicas: 2
              selector: {matchLabels: {app: checkout}}
              template:
                metadata: {labels: {app: checkout}}
                spec:
                  containers: [{name: checkout, image: "registry.example.com/checkout:1"}]
              strategy:
                canary:
                  steps:
                    - setWeight: 50
                    - pause: {duration: 1m}
            """;
    private static final String SERVICE = """
            apiVersion: rollout.dev/v1alpha1
            kind: Service
            metadata: {name: checkout}
            spec:
              chart: chart
              rollout: rollout.yaml
              source:
                static: {revisions: [v1, v2, v3, v4, v5]}
              environments:
                - name: staging
                  waves: [{clusters: [staging-eu]}]
                - name: production
                  after: staging
                  waves: [{clusters: [us-east]}]
            """;

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void queueLengthAndRefusalsByReason() throws Exception {
        Files.createDirectories(dir.resolve("chart"));
        Files.writeString(dir.resolve("chart/values.yaml"), "replicaCount: 2\n");
        Files.writeString(dir.resolve("rollout.yaml"), ROLLOUT);
        Files.writeString(dir.resolve("service.yaml"), SERVICE);
        try (Conductor conductor = Conductor.builder()
                .config(ServiceConfigLoader.load(dir.resolve("service.yaml")))
                .scheduler(scheduler)
                .clusters(ClusterTargets.embedded(clock))
                .slackNotifications(false)
                .metrics(new MicrometerRolloutMetrics(registry))
                .build()) {
            settle(conductor.deploy(DeployRequest.of("staging", "v1").allowingFirstDeploy()));

            DeployHandle v3 = conductor.deploy(DeployRequest.of("staging", "v3"));
            DeployHandle v4 = conductor.deploy(DeployRequest.of("staging", "v4"));
            assertThat(v4.status().state()).isEqualTo(DeployState.Queued);
            assertThat(queue()).isEqualTo(1);
            // v2 is not newer than v3, which is deploying.
            assertThat(conductor.deploy(DeployRequest.of("staging", "v2")).status().result())
                    .isEqualTo(DeployResult.Refused);
            // v5 pushes v4 out of the pending slot.
            DeployHandle v5 = conductor.deploy(DeployRequest.of("staging", "v5"));
            assertThat(v4.status().result()).isEqualTo(DeployResult.Superseded);
            assertThat(queue()).isEqualTo(1);
            settle(v3);
            settle(v5);
            assertThat(v5.status().result()).isEqualTo(DeployResult.Deployed);
            assertThat(queue()).isZero();
            // v3 is older than v5, which runs on staging-eu.
            assertThat(conductor.deploy(DeployRequest.of("staging", "v3")).status().result())
                    .isEqualTo(DeployResult.Refused);
            assertThatThrownBy(() -> conductor.deploy(DeployRequest.of("production", "v4")))
                    .isInstanceOf(DeployRefusedException.class);
        }

        assertThat(refusals("not_newer_than_deploying")).isEqualTo(1);
        assertThat(refusals("superseded")).isEqualTo(1);
        assertThat(refusals("older_than_deployed")).isEqualTo(1);
        assertThat(refusals("environment_not_reached")).isEqualTo(1);
        // The conductor's rollouts are counted too: staging-eu ran three revisions, ending Healthy.
        assertThat(registry.get("rollout.phase").tag("phase", "Healthy").gauge().value()).isEqualTo(1);
    }

    private void settle(DeployHandle handle) {
        assertThat(VirtualTimeDriver.runUntilSettled(scheduler, handle, Duration.ofDays(1))).isTrue();
    }

    private double queue() {
        return registry.get("rollout.conductor.queue.length").tags("service", "checkout", "environment", "staging")
                .gauge().value();
    }

    private double refusals(String reason) {
        return registry.get("rollout.conductor.refusals")
                .tags("service", "checkout", "environment", envOf(reason),
                        "reason", reason)
                .counter().count();
    }

    private static String envOf(String reason) {
        return reason.equals("environment_not_reached") ? "production" : "staging";
    }
}
