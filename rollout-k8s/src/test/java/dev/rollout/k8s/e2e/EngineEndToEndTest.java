package dev.rollout.k8s.e2e;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.Strategy;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.fake.PodBehaviour;
import dev.rollout.k8s.hooks.HookJob;
import dev.rollout.k8s.hooks.JobHookRunner;
import dev.rollout.k8s.hooks.JobHookStep;
import dev.rollout.k8s.state.KubernetesStateStore;
import dev.rollout.k8s.fake.JobOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine driving the Kubernetes target against the fake API server and its controllers. */
class EngineEndToEndTest {
    private final FakeCluster cluster = new FakeCluster();
    private final VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);

    EngineEndToEndTest() {
        // Controllers move one step with every request, as a real cluster moves while we poll.
        cluster.server.autoTick(true);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private RolloutEngine.Builder engine(StateStore store, ClusterTarget... targets) {
        return RolloutEngine.builder().scheduler(scheduler).stateStore(store).target(targets)
                .readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .degradedPollInterval(Duration.ZERO);
    }

    static RolloutSpec spec(Strategy strategy) {
        return new RolloutSpec("web", NS, 4, strategy, 600, false, Map.of());
    }

    static RolloutSpec canary(CanaryStep... steps) {
        return spec(CanaryStrategy.of(List.of(steps)));
    }

    private JsonNode template() {
        return cluster.deployment("web").path("spec").path("template");
    }

    private String userImage() {
        return template().path("spec").path("containers").get(0).path("image").asText();
    }

    private RolloutHandle run(RolloutEngine engine, RolloutSpec spec) {
        RolloutHandle handle = engine.start(spec, "fake", CANARY);
        scheduler.runUntilIdle(Duration.ofHours(2));
        return handle;
    }

    @Test
    void aRolloutOfADeploymentThatDoesNotExistFailsToStartAndWritesNothing() {
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();
        RolloutSpec missing = new RolloutSpec("api", NS, 4, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(25))), 600, false, Map.of());

        assertThat(cluster.target.observe(new dev.rollout.api.cluster.WorkloadRef(NS, "api")).exists())
                .isFalse();
        assertThat(cluster.target.observe(FakeCluster.WEB).exists()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.start(missing, "fake", CANARY))
                .isInstanceOf(dev.rollout.api.WorkloadNotFoundException.class)
                .hasMessage("workload \"api\" not found in namespace \"shop\" on target \"fake\":"
                        + " nothing to roll out from; to create it, start the rollout with"
                        + " StartOptions.firstDeploy()");
        assertThat(cluster.writes()).isEmpty();
        assertThat(cluster.hasDeployment("api")).isFalse();
    }

    @Test
    void aBasicCanaryEndsWithTheRevisionInTheUsersDeploymentAndNothingElse() {
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();

        RolloutHandle h = run(engine, canary(new CanaryStep.SetWeight(25),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(50),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(75)));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().stableRevision()).isEqualTo("v2");
        assertThat(userImage()).isEqualTo("registry.example/web:2");
        assertThat(template().path("metadata").path("labels").path(RolloutLabels.REVISION)
                .asText()).isEqualTo("v2");
        assertThat(cluster.deployment("web").path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(cluster.target.observe(FakeCluster.WEB).revision("v2").orElseThrow()
                .fullyAvailable()).isTrue();
    }

    @Test
    void anExperimentRunsBaselineAndCanaryDeploymentsBesideTheRolloutAndRemovesThem() {
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();
        CanaryStep.Experiment experiment = new CanaryStep.Experiment(java.util.Optional.of(Duration.ofMinutes(5)),
                List.of(new CanaryStep.Experiment.Template("baseline", CanaryStep.Experiment.SpecRef.STABLE, 1),
                        new CanaryStep.Experiment.Template("canary", CanaryStep.Experiment.SpecRef.CANARY, 1)),
                List.of());
        java.util.Set<Long> seen = new java.util.HashSet<>();
        RolloutHandle h = engine.start(canary(new CanaryStep.SetWeight(25), experiment), "fake", CANARY);
        java.time.Instant limit = cluster.clock.instant().plus(Duration.ofHours(2));
        while (h.status().phase() != RolloutPhase.Healthy && h.status().phase() != RolloutPhase.Degraded
                && cluster.clock.instant().isBefore(limit)) {
            // Counted while the experiment runs: the user's, the canary and both sides.
            seen.add(cluster.managedObjects("apps/v1", "deployments"));
            // advance, not runUntilIdle: the clock must move even when nothing is due within the slice.
            scheduler.advance(Duration.ofSeconds(30));
        }
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).as(h.status().message()).isEqualTo(RolloutPhase.Healthy);
        assertThat(seen).as("managed Deployments over time: the canary, then the canary and two sides")
                .contains(3L);
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(userImage()).isEqualTo("registry.example/web:2");
    }

    @Test
    void aCrashLoopingRevisionAbortsAndLeavesTheUsersDeploymentAsItWas() {
        cluster.server.deployments().whenImage("registry.example/web:2", PodBehaviour.crashLoop());
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();

        RolloutHandle h = run(engine, canary(new CanaryStep.SetWeight(25),
                CanaryStep.Pause.indefinite()));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).contains("Rollout aborted update to revision v2")
                .contains("CrashLoopBackOff");
        assertThat(userImage()).isEqualTo(FakeCluster.STABLE_IMAGE);
        assertThat(cluster.deployment("web").path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
    }

    @Test
    void aRoutedCanaryMovesHttpRouteWeightsAndEndsOnTheNewRevision() {
        cluster.seed("gateway.networking.k8s.io/v1", "httproutes", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"rules":[{"backendRefs":[{"name":"web-stable","port":80}]}]}}
                """);
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();
        CanaryStrategy strategy = CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20),
                        CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(60)))
                .withTrafficRouting(new TrafficRouting("gatewayAPI", Map.of("httpRoute", "web")));

        RolloutHandle h = run(engine, spec(strategy));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        JsonNode refs = cluster.server.get("gateway.networking.k8s.io/v1", "httproutes", NS,
                "web").orElseThrow().path("spec").path("rules").get(0).path("backendRefs");
        assertThat(refs.get(0).path("weight").asInt() + refs.get(1).path("weight").asInt())
                .isEqualTo(100);
        JsonNode stableSelector = cluster.service("web-stable").path("spec").path("selector");
        assertThat(stableSelector.path(RolloutLabels.REVISION).asText()).isEqualTo("v2");
        assertThat(stableSelector.has(RolloutLabels.POD_TEMPLATE_HASH))
                .as("the old stable ReplicaSet's hash was dropped from the selector").isFalse();
        assertThat(cluster.server.store().list(cluster.server.type("v1", "pods"), NS).stream()
                .filter(p -> p.path("metadata").path("labels").path(RolloutLabels.REVISION)
                        .asText().equals("v2")
                        && !p.path("metadata").path("labels").has(RolloutLabels.MANAGED_BY)))
                .as("the user's Deployment's pods serve behind the stable Service").isNotEmpty();
        assertThat(userImage()).isEqualTo("registry.example/web:2");
        assertThat(cluster.server.requests().matching("PATCH", ".*/httproutes/web"))
                .isNotEmpty().allMatch(e -> e.contentType().startsWith("application/json-patch+json"));
    }

    @Test
    void anOperatorAbortInTheMiddleSendsTrafficBackFirstThenRemovesTheCanary() {
        cluster.seed("gateway.networking.k8s.io/v1", "httproutes", """
                {"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
                 "metadata":{"name":"web","namespace":"shop"},
                 "spec":{"rules":[{"backendRefs":[{"name":"web-stable","port":80}]}]}}
                """);
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();
        CanaryStrategy strategy = CanaryStrategy.of(List.of(new CanaryStep.SetWeight(40),
                        CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(80)))
                .withTrafficRouting(new TrafficRouting("gatewayAPI", Map.of("httpRoute", "web")));
        RolloutHandle h = engine.start(spec(strategy), "fake", CANARY);
        scheduler.advance(Duration.ofMinutes(5));
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(canaryWeight()).isEqualTo(40);

        h.abort();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(canaryWeight()).as("traffic back to stable at once").isZero();
        assertThat(cluster.hasDeployment("web-v2")).as("canary kept for the scale-down delay")
                .isTrue();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).startsWith("Rollout aborted update to revision v2");
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(userImage()).isEqualTo(FakeCluster.STABLE_IMAGE);
        assertThat(cluster.deployment("web").path("spec").path("replicas").asInt()).isEqualTo(4);
    }

    private int canaryWeight() {
        JsonNode refs = cluster.server.get("gateway.networking.k8s.io/v1", "httproutes", NS,
                "web").orElseThrow().path("spec").path("rules").get(0).path("backendRefs");
        return refs.size() < 2 ? 0 : refs.get(1).path("weight").asInt();
    }

    @Test
    void twoClustersAreRolledOutInSequenceWithAGateBetween() {
        try (FakeCluster west = new FakeCluster("west")) {
            west.server.autoTick(true);
            RolloutEngine eastEngine = engine(new InMemoryStateStore(), cluster.target).build();
            RolloutEngine westEngine = engine(new InMemoryStateStore(), west.target).build();
            RolloutSpec spec = canary(new CanaryStep.SetWeight(50),
                    CanaryStep.Pause.of(Duration.ofMinutes(1)));

            RolloutHandle east = eastEngine.start(spec, "fake", CANARY);
            scheduler.runUntilIdle(Duration.ofHours(1));
            assertThat(east.status().phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(west.writes()).as("west untouched until east is healthy").isEmpty();

            RolloutHandle w = westEngine.start(spec, "west", CANARY);
            scheduler.runUntilIdle(Duration.ofHours(1));

            assertThat(w.status().phase()).isEqualTo(RolloutPhase.Healthy);
            assertThat(west.deployment("web").path("spec").path("template").path("spec")
                    .path("containers").get(0).path("image").asText())
                    .isEqualTo("registry.example/web:2");
            assertThat(userImage()).isEqualTo("registry.example/web:2");
        }
    }

    @Test
    void blueGreenSwitchesTheActiveServiceThenHandsOverToTheUsersDeployment() {
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target).build();
        BlueGreenStrategy strategy = new BlueGreenStrategy("web-active", Optional.of("web-preview"),
                java.util.OptionalInt.empty(), true, java.util.OptionalInt.empty(), 30,
                Optional.empty(), Optional.empty(), 30);

        RolloutHandle h = run(engine, spec(strategy));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(cluster.target.observe(FakeCluster.WEB).serviceSelectors())
                .containsEntry("web-active", "v2");
        assertThat(userImage()).isEqualTo("registry.example/web:2");
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
    }

    @Test
    void aRestartedEngineResumesFromTheConfigMapStoreWithoutRepeatingWork() {
        RolloutSpec spec = canary(new CanaryStep.SetWeight(25),
                CanaryStep.Pause.of(Duration.ofMinutes(10)), new CanaryStep.SetWeight(50));
        RolloutEngine before = engine(new KubernetesStateStore(cluster.connection, "rollouts"),
                cluster.target).build();
        before.start(spec, "fake", CANARY);
        scheduler.advance(Duration.ofMinutes(2));
        assertThat(before.rollout("shop/web").orElseThrow().status().phase())
                .isEqualTo(RolloutPhase.Paused);
        before.close();
        int created = cluster.server.requests().matching("POST", ".*/deployments").size();

        VirtualScheduler second = new VirtualScheduler(cluster.clock);
        KubernetesClusterTarget fresh = KubernetesClusterTarget.of(cluster.connection);
        RolloutEngine after = RolloutEngine.builder().scheduler(second)
                .stateStore(new KubernetesStateStore(cluster.connection, "rollouts"))
                .target(fresh).readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .build();
        assertThat(after.resumeAll()).extracting(RolloutHandle::id).containsExactly("shop/web");
        second.runUntilIdle(Duration.ofHours(1));

        assertThat(after.rollout("shop/web").orElseThrow().status().phase())
                .isEqualTo(RolloutPhase.Healthy);
        assertThat(created).isEqualTo(1);
        assertThat(cluster.server.requests().matching("POST", ".*/deployments"))
                .as("the canary Deployment was created once").hasSize(1);
        assertThat(userImage()).isEqualTo("registry.example/web:2");
        assertThat(cluster.server.get("v1", "configmaps", "rollouts",
                KubernetesStateStore.configMapName("shop/web"))).isPresent();
    }

    @Test
    void aFailingPreRolloutJobAbortsBeforeAnyPodOrTrafficMoves() {
        cluster.server.jobs().whenImage("registry.example/web:2",
                JobOutcome.failAfter(2, "migration 42 failed: column exists"));
        HookJob migrate = new HookJob("""
                {"metadata":{"name":"db-migrate"},"spec":{"backoffLimit":0,"template":{"spec":{
                  "restartPolicy":"Never","containers":[{"name":"m","image":"{{revision.image}}"}]}}}}
                """, Duration.ofMinutes(10));
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target)
                .stepHandler("db-migrate", new JobHookStep(
                        new JobHookRunner(cluster.connection, cluster.clock), migrate,
                        Duration.ofSeconds(5)))
                .build();

        RolloutHandle h = run(engine, canary(new CanaryStep.Custom("db-migrate", Map.of()),
                new CanaryStep.SetWeight(50)));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(h.status().message()).contains("db-migrate")
                .contains("migration 42 failed: column exists");
        assertThat(cluster.server.requests().matching("POST", ".*/deployments")).isEmpty();
        assertThat(cluster.server.requests().writes()).allMatch(e -> e.path().contains("/jobs")
                || e.path().contains("/configmaps"));
        assertThat(userImage()).isEqualTo(FakeCluster.STABLE_IMAGE);
    }

    @Test
    void aSucceedingPreRolloutJobGatesTheCanary() {
        HookJob migrate = new HookJob("""
                {"metadata":{"name":"db-migrate"},"spec":{"template":{"spec":{
                  "restartPolicy":"Never","containers":[{"name":"m","image":"{{revision.image}}"}]}}}}
                """, Duration.ofMinutes(10));
        RolloutEngine engine = engine(new InMemoryStateStore(), cluster.target)
                .stepHandler("db-migrate", new JobHookStep(
                        new JobHookRunner(cluster.connection, cluster.clock), migrate,
                        Duration.ofSeconds(5)))
                .build();

        RolloutHandle h = run(engine, canary(new CanaryStep.Custom("db-migrate", Map.of()),
                new CanaryStep.SetWeight(50)));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        var log = cluster.server.requests().writes();
        int job = indexOf(log, "/jobs");
        int canary = indexOf(log, "/deployments");
        assertThat(job).isNotNegative().isLessThan(canary);
    }

    private static int indexOf(List<dev.rollout.k8s.fake.RequestLog.Entry> log, String path) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).path().contains(path)) {
                return i;
            }
        }
        return -1;
    }
}
