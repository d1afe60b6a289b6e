package dev.rollout.k8s.cluster;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static dev.rollout.k8s.FakeCluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.TargetException;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RetryPolicy;
import dev.rollout.k8s.fake.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes target against the fake API server with injected faults. */
class KubernetesFaultsTest {
    private static final String CANARY_PATH = "/apis/apps/v1/namespaces/shop/deployments/web-v2";
    private static final String USER_PATH = "/apis/apps/v1/namespaces/shop/deployments/web";

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClusterTarget target = cluster.target;

    @AfterEach
    void close() {
        cluster.close();
    }

    private void startCanary() {
        target.scale(WEB, CANARY, 1);
        cluster.settle();
        cluster.server.requests().reset();
        cluster.sleeps.clear();
    }

    @Test
    void aStormOfConflictsConvergesInNPlusOneAttemptsWithGrowingCappedDelays() {
        startCanary();
        int storm = 7;
        cluster.server.faults().on("PATCH", CANARY_PATH).times(storm).conflict();

        target.scale(WEB, CANARY, 3);

        assertThat(cluster.deployment("web-v2").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(cluster.server.requests().matching("PATCH", CANARY_PATH))
                .extracting(RequestLog.Entry::status)
                .containsExactly(409, 409, 409, 409, 409, 409, 409, 200);
        // Every attempt read the user's Deployment afresh before writing.
        assertThat(cluster.server.requests().matching("GET", USER_PATH)).hasSize(storm + 1);
        List<Duration> sleeps = cluster.sleeps;
        assertThat(sleeps).hasSize(storm);
        for (int retry = 1; retry <= storm; retry++) {
            long ceiling = Math.min(1000, 20L << (retry - 1));
            assertThat(sleeps.get(retry - 1).toMillis()).as("delay before retry %d", retry)
                    .isBetween(ceiling / 2, ceiling);
        }
        // While the ceiling doubles, half jitter cannot make a delay shorter than the one before
        // ([c/2, c] then [c, 2c]); at the 1 s cap two delays may come in either order.
        assertThat(sleeps.subList(0, 6)).isSortedAccordingTo(Duration::compareTo);
        assertThat(sleeps.get(storm - 1)).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void persistentServerErrorsGiveUpWithAMessageNamingTheObjectAndStatus() {
        startCanary();
        cluster.server.faults().on("PATCH", CANARY_PATH).always().serverError();

        assertThatThrownBy(() -> target.scale(WEB, CANARY, 3))
                .isInstanceOf(TargetException.class)
                .hasMessage("scale shop/web revision v2: still failing after 10 attempts: patch"
                        + " deployments.apps/v1 shop/web-v2 failed: HTTP 500 InternalError:"
                        + " Internal error occurred: injected fault")
                .hasNoCause();
        assertThat(cluster.server.requests().matching("PATCH", CANARY_PATH)).hasSize(10);
        assertThat(cluster.sleeps).hasSize(9).allMatch(d -> d.compareTo(Duration.ofSeconds(1)) <= 0);
        assertThat(cluster.deployment("web-v2").path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void aHungServerHoldsTheCallerNoLongerThanTheBudget() {
        startCanary();
        // The policy reads the time once before the first attempt and once after each failed
        // one: every read moves it 10 s, as if each attempt ran into a 10 s read timeout.
        AtomicLong nanos = new AtomicLong();
        List<Duration> waits = new CopyOnWriteArrayList<>();
        KubernetesClusterTarget budgeted = KubernetesClusterTarget.builder(cluster.connection)
                .retryPolicy(RetryPolicy.builder().maxElapsed(Duration.ofSeconds(30))
                        .nanoTime(() -> nanos.addAndGet(Duration.ofSeconds(10).toNanos()))
                        .sleeper(d -> {
                            waits.add(d);
                            nanos.addAndGet(d.toNanos());
                        }).build())
                .build();
        cluster.server.faults().on("PATCH", CANARY_PATH).always().serverError();

        assertThatThrownBy(() -> budgeted.scale(WEB, CANARY, 3))
                .isInstanceOf(TargetException.class)
                .hasMessageStartingWith("scale shop/web revision v2: still failing after 3"
                        + " attempts in ")
                .hasMessageContaining("(budget 30s): patch deployments.apps/v1 shop/web-v2 failed:"
                        + " HTTP 500 InternalError");
        assertThat(cluster.server.requests().matching("PATCH", CANARY_PATH)).hasSize(3);
        assertThat(waits).hasSize(2);
    }

    @Test
    void tooManyRequestsAndDroppedConnectionsAreRetried() {
        startCanary();
        cluster.server.faults().on("PATCH", CANARY_PATH).times(2).tooManyRequests(1);
        cluster.server.faults().on("GET", USER_PATH).times(2).drop();

        target.scale(WEB, CANARY, 2);

        assertThat(cluster.deployment("web-v2").path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(cluster.server.requests().matching("PATCH", CANARY_PATH))
                .extracting(RequestLog.Entry::status).containsExactly(429, 429, 200);
        assertThat(cluster.server.requests().matching("GET", USER_PATH))
                .extracting(RequestLog.Entry::status).startsWith(-1, -1).endsWith(200);
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        startCanary();
        cluster.server.faults().on("PATCH", CANARY_PATH).always()
                .respond(403, "Forbidden", "deployments.apps \"web-v2\" is forbidden");

        assertThatThrownBy(() -> target.scale(WEB, CANARY, 3))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("shop/web-v2 failed: HTTP 403 Forbidden");
        assertThat(cluster.server.requests().matching("PATCH", CANARY_PATH)).hasSize(1);
        assertThat(cluster.sleeps).isEmpty();
    }

    @Test
    void anApiServerFailingForAWhileDelaysTheRolloutWhichThenConverges() {
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);
        RolloutEngine engine = engine(scheduler, events);
        RolloutHandle handle = engine.start(spec(false, new CanaryStep.SetWeight(25),
                CanaryStep.Pause.of(Duration.ofMinutes(1)), new CanaryStep.SetWeight(50)),
                "fake", CANARY);
        // Once started, two and a half reconciles' worth of calls fail, reads and writes alike.
        cluster.server.faults().on(null, "/apis/apps/v1/namespaces/shop/deployments.*").times(25)
                .serverError();
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(handle.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(cluster.deployment("web").path("spec").path("template").toString())
                .contains("registry.example/web:2");
        assertThat(events).filteredOn(RolloutEvent.Warning.class::isInstance)
                .extracting(RolloutEvent::message).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(m -> m.startsWith("Reconcile failed and will be retried: ")
                        && m.contains("still failing after 10 attempts")
                        && m.contains("deployments.apps/v1 shop/web")
                        && m.contains("HTTP 500 InternalError"));
        assertThat(cluster.server.faults().pending()).isZero();
    }

    private RolloutEngine engine(VirtualScheduler scheduler, List<RolloutEvent> events) {
        cluster.server.autoTick(true);
        return RolloutEngine.builder().scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).target(target)
                .readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10))
                .degradedPollInterval(Duration.ZERO).listener(events::add).build();
    }

    private static RolloutSpec spec(boolean deadlineAbort, CanaryStep... steps) {
        return new RolloutSpec("web", NS, 4, CanaryStrategy.of(List.of(steps)), 600,
                deadlineAbort, Map.of());
    }

    @Test
    void aDeploymentDeletedMidRolloutIsNeverRecreated() {
        deletedMidRollout(false);
    }

    @Test
    void aDeploymentDeletedMidRolloutWithDeadlineAbort() {
        deletedMidRollout(true);
    }

    /**
     * The user's Deployment (and, by garbage collection, the canary it owns) is deleted while
     * the rollout is paused, then the operator promotes.
     */
    private void deletedMidRollout(boolean deadlineAbort) {
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);
        RolloutEngine engine = engine(scheduler, events);
        RolloutHandle handle = engine.start(spec(deadlineAbort, new CanaryStep.SetWeight(25),
                CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(75)), "fake", CANARY);
        scheduler.runUntilIdle(Duration.ofMinutes(5));
        assertThat(handle.status().paused()).isTrue();

        cluster.server.store().delete(cluster.server.type("apps/v1", "deployments"), NS, "web",
                false);
        cluster.server.requests().reset();
        handle.promote();
        scheduler.runUntilIdle(Duration.ofMinutes(30));

        // It ends at once (runUntilIdle returned with nothing scheduled), aborted and Degraded
        // whatever progressDeadlineAbort says, and writes nothing: no Deployment is recreated,
        // nothing is retried against the missing object, no deadline is waited for.
        assertThat(scheduler.pendingTasks()).isZero();
        assertThat(handle.status().phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(handle.status().aborted()).isTrue();
        assertThat(handle.status().message()).isEqualTo("Rollout aborted update to revision v2:"
                + " workload shop/web no longer exists on target fake (deleted while the rollout"
                + " ran); nothing was recreated or changed there: recreate it and retry, or start a"
                + " new rollout");
        assertThat(cluster.hasDeployment("web")).isFalse();
        assertThat(cluster.writes()).isEmpty();
        assertThat(events).noneMatch(RolloutEvent.Warning.class::isInstance);
        assertThat(events).filteredOn(RolloutEvent.Aborted.class::isInstance).hasSize(1);
    }
}
