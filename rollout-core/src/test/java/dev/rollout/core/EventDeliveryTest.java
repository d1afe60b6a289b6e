package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.PauseCondition.Reason;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listeners run after the rollout's lock is released, and still see each rollout's events in order. */
class EventDeliveryTest {
    private final EngineFixture f = new EngineFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
    }

    private static RolloutSpec waitingCanary(String name) {
        return RolloutSpec.of("default", name, 10, CanaryStrategy.of(List.of(new CanaryStep.SetWeight(20))));
    }

    private static boolean userPaused(RolloutStatus status) {
        return status.pauseConditions().stream().map(PauseCondition::reason)
                .anyMatch(r -> r == Reason.UserPause);
    }

    @Test
    void listenersOfTwoRolloutsMayCallEachOthersHandlesFromTheirThreadsWithoutDeadlock()
            throws Exception {
        FakeTarget ta = new FakeTarget("ta", f.scheduler).withStable("v1", 10).readyDelay(null);
        FakeTarget tb = new FakeTarget("tb", f.scheduler).withStable("v1", 10).readyDelay(null);
        Map<String, RolloutHandle> handles = new ConcurrentHashMap<>();
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        // Both listeners are inside their deliveries at once; then each acts on the other rollout.
        CyclicBarrier bothDelivering = new CyclicBarrier(2);
        RolloutEngine engine = RolloutEngine.builder().scheduler(f.scheduler).target(ta, tb)
                .listener(e -> {
                    if (e instanceof RolloutEvent.Paused p && p.reason() == Reason.UserPause) {
                        String other = e.rolloutId().equals("default/a") ? "default/b" : "default/a";
                        try {
                            bothDelivering.await(10, TimeUnit.SECONDS);
                        } catch (Exception ex) {
                            throw new IllegalStateException(ex);
                        }
                        handles.get(other).resume();
                        calls.add(e.rolloutId() + " resumed " + other);
                    }
                }).build();
        handles.put("default/a", engine.start(waitingCanary("a"), "ta", V2));
        handles.put("default/b", engine.start(waitingCanary("b"), "tb", V2));
        f.advance(java.time.Duration.ofSeconds(10));
        assertThat(handles.get("default/a").status().phase()).isEqualTo(RolloutPhase.Progressing);

        Future<RolloutStatus> pauseA = pool.submit(() -> handles.get("default/a").pause());
        Future<RolloutStatus> pauseB = pool.submit(() -> handles.get("default/b").pause());

        // A deadlock would leave both threads blocked for good: fail instead of hanging.
        pauseA.get(10, TimeUnit.SECONDS);
        pauseB.get(10, TimeUnit.SECONDS);
        assertThat(calls).containsExactlyInAnyOrder("default/a resumed default/b",
                "default/b resumed default/a");
        assertThat(userPaused(handles.get("default/a").status())).isFalse();
        assertThat(userPaused(handles.get("default/b").status())).isFalse();
    }

    @Test
    void aListenerActingOnItsOwnRolloutSeesEveryEventInTheOrderItHappened() {
        f.target.readyDelay(null);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Map<String, RolloutHandle> handles = new ConcurrentHashMap<>();
        RolloutEngine engine = f.builder().listener(e -> {
            if (e instanceof RolloutEvent.Paused p && p.reason() == Reason.UserPause) {
                seen.add("Paused");
                handles.get(e.rolloutId()).resume();
            } else if (e instanceof RolloutEvent.Resumed) {
                seen.add("Resumed");
            } else if (e instanceof RolloutEvent.PhaseChanged c) {
                seen.add(c.from() + "->" + c.to());
            }
        }).build();
        RolloutHandle h = engine.start(waitingCanary("app"), "local", V2);
        handles.put(h.id(), h);
        f.advance(java.time.Duration.ofSeconds(10));
        seen.clear();

        RolloutStatus afterPause = h.pause();

        // The resume asked for inside the listener comes after the pause's own phase change.
        assertThat(seen).containsExactly("Paused", "Progressing->Paused", "Resumed",
                "Paused->Progressing");
        assertThat(afterPause.phase()).isEqualTo(RolloutPhase.Progressing);
        assertThat(userPaused(h.status())).isFalse();
    }
}
