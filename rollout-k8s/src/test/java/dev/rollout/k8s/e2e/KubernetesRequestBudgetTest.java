package dev.rollout.k8s.e2e;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.fake.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many API requests a canary costs, measured on the fake API server's request log while the
 * engine drives the Kubernetes target: at most 3 writes per weight change, and no request at all
 * while a pause runs. The figures are logged; this test is the measurement of
 * record (the fake lives in test sources), {@code KubernetesRequestBenchmark} counts the same
 * on a real cluster.
 */
class KubernetesRequestBudgetTest {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesRequestBudgetTest.class);
    private static final String OBSERVE_LIST = "/apis/apps/v1/namespaces/shop/deployments";

    private final FakeCluster cluster = new FakeCluster();
    private final VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);
    /** Request-log sizes when a pause began, and a second before it ended. */
    private final List<Integer> pausedAt = new ArrayList<>();
    private final List<Integer> beforeResume = new ArrayList<>();

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aWeightChangeCostsAtMostThreeWritesAndAPauseNoRequest() {
        cluster.server.autoTick(true);
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).target(cluster.target)
                .listener(event -> {
                    if (event instanceof RolloutEvent.Paused) {
                        pausedAt.add(cluster.server.requests().all().size());
                        scheduler.schedule(() -> beforeResume.add(
                                cluster.server.requests().all().size()),
                                Duration.ofMinutes(5).minusSeconds(1));
                    }
                })
                .build();

        RolloutHandle h = engine.start(EngineEndToEndTest.canary(
                new CanaryStep.SetWeight(25), CanaryStep.Pause.of(Duration.ofMinutes(5)),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(5)),
                new CanaryStep.SetWeight(75), CanaryStep.Pause.of(Duration.ofMinutes(5))),
                "fake", CANARY);
        scheduler.runUntilIdle(Duration.ofHours(2));

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        List<RequestLog.Entry> all = cluster.server.requests().all();
        List<RequestLog.Entry> writes = cluster.server.requests().writes();
        writes.forEach(w -> LOG.info("write: {} {} -> {}", w.method(), w.path(), w.status()));
        int weightChanges = 4; // 25, 50, 75, then 100 with the promotion and handover
        LOG.info("whole rollout: {} requests, {} writes, {} weight changes, {} pauses",
                all.size(), writes.size(), weightChanges, pausedAt.size());
        assertThat(writes.size()).isLessThanOrEqualTo(3 * weightChanges);

        assertThat(pausedAt).hasSize(3).hasSameSizeAs(beforeResume);
        for (int i = 0; i < pausedAt.size(); i++) {
            int during = beforeResume.get(i) - pausedAt.get(i);
            LOG.info("pause {}: {} requests in its 5 minutes", i, during);
            assertThat(during).as("requests while pause %d runs", i).isZero();
        }
    }
}
