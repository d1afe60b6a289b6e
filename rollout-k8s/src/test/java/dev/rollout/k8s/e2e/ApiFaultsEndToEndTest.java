package dev.rollout.k8s.e2e;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.fake.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine on the Kubernetes target while the API server hangs, fails, or loses the workload. */
class ApiFaultsEndToEndTest {
    private final FakeCluster cluster = new FakeCluster();
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    ApiFaultsEndToEndTest() {
        cluster.server.autoTick(true);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private static RolloutSpec spec(int progressDeadlineSeconds) {
        return new RolloutSpec("web", NS, 4, CanaryStrategy.of(List.of(new CanaryStep.SetWeight(25),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(50))),
                progressDeadlineSeconds, false, Map.of());
    }

    @Test
    void aHungApiServerForOneRolloutDoesNotHoldAnotherOnTheSameOneThreadEngine() throws Exception {
        try (FakeCluster west = new FakeCluster("west"); ExecutorScheduler scheduler = new ExecutorScheduler(1)) {
            west.server.autoTick(true);
            RolloutSpec quick = new RolloutSpec("web", NS, 4, CanaryStrategy.of(List.of(
                    new CanaryStep.SetWeight(25), new CanaryStep.SetWeight(50))), 600, false, Map.of());
            // Two engines (one per cluster: both rollouts are shop/web) on one shared scheduler thread.
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster.target)
                    .readinessBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
            RolloutEngine westEngine = RolloutEngine.builder().scheduler(scheduler).target(west.target)
                    .readinessBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
            // Creating east's canary Deployment hangs until released; start only reads.
            Faults.Gate gate = cluster.server.faults().on("POST", ".*/deployments").always().hold();
            RolloutHandle east = engine.start(quick, "fake", CANARY);
            assertThat(gate.awaitHeld(Duration.ofSeconds(10))).as("east is inside a hung call").isTrue();

            RolloutHandle w = westEngine.start(quick, "west", CANARY);
            RolloutStatus westDone = w.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);

            assertThat(westDone.phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(west.deployment("web").path("spec").path("template").path("spec")
                    .path("containers").get(0).path("image").asText()).isEqualTo("registry.example/web:2");
            assertThat(east.status().phase()).isEqualTo(RolloutPhase.Progressing);

            gate.release();
            cluster.server.faults().clear();
            assertThat(east.completion().toCompletableFuture().get(30, TimeUnit.SECONDS).phase())
                    .isEqualTo(RolloutPhase.Healthy);
            engine.close();
            westEngine.close();
        }
    }

    @Test
    void aDeploymentDeletedMidRolloutAbortsNamingItAndIsNotRecreated() {
        VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster.target)
                .listener(events::add).readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .build();
        RolloutHandle h = engine.start(spec(600), "fake", CANARY);
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);

        cluster.server.store().delete(cluster.server.type("apps/v1", "deployments"), NS, "web", false);
        cluster.server.requests().reset();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2: workload"
                + " shop/web no longer exists on target fake");
        assertThat(events).filteredOn(RolloutEvent.Aborted.class::isInstance).singleElement()
                .extracting(RolloutEvent::message).asString().contains("shop/web", "fake");
        assertThat(cluster.hasDeployment("web")).as("not recreated").isFalse();
        assertThat(cluster.writes()).as("nothing written after the deletion").isEmpty();
        engine.close();
    }

    @Test
    void anApiServerDownLongerThanTheProgressDeadlineAbortsThenTheAbortIsAppliedWhenItIsBack() {
        VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).target(cluster.target)
                .listener(events::add).readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .build();
        RolloutHandle h = engine.start(spec(120), "fake", CANARY);
        scheduler.advance(Duration.ofSeconds(30));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(cluster.hasDeployment("web-v2")).isTrue();

        cluster.server.faults().on(null, ".*").always().respond(503, "ServiceUnavailable", "down");
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(h.status().phase()).as("still retrying within the limit").isEqualTo(RolloutPhase.Progressing);
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2: target fake"
                + " has failed for 120s without a break");
        assertThat(events).filteredOn(RolloutEvent.Aborted.class::isInstance).hasSize(1);
        assertThat(cluster.hasDeployment("web-v2")).as("nothing could be written yet").isTrue();

        cluster.server.faults().clear();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(cluster.hasDeployment("web-v2")).as("canary removed once the API is back").isFalse();
        assertThat(cluster.deployment("web").path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText()).isEqualTo(FakeCluster.STABLE_IMAGE);
        assertThat(cluster.deployment("web").path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(events).noneMatch(RolloutEvent.Promoted.class::isInstance);
        engine.close();
    }
}
