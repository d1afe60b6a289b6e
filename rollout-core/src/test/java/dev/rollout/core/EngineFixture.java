package dev.rollout.core;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.Strategy;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A virtual-time engine on a fake target with v1 stable at 10 replicas, and its events. */
class EngineFixture {
    static final Revision V2 = Revision.of("v2");

    final VirtualScheduler scheduler = new VirtualScheduler();
    final FakeTarget target = new FakeTarget("local", scheduler).withStable("v1", 10);
    final FakeLauncher launcher = new FakeLauncher(scheduler);
    final List<RolloutEvent> events = Collections.synchronizedList(new ArrayList<>());
    StateStore store = new InMemoryStateStore();

    RolloutEngine engine() {
        return builder().build();
    }

    RolloutEngine.Builder builder() {
        return RolloutEngine.builder().scheduler(scheduler).stateStore(store).target(target)
                .analysisLauncher(launcher).listener(events::add);
    }

    static RolloutSpec canary(CanaryStep... steps) {
        return RolloutSpec.of("default", "app", 10, CanaryStrategy.of(List.of(steps)));
    }

    static RolloutSpec routedCanary(CanaryStep... steps) {
        return RolloutSpec.of("default", "app", 10, CanaryStrategy.of(List.of(steps))
                .withTrafficRouting(TrafficRouting.of("fake")));
    }

    static RolloutSpec spec(Strategy strategy) {
        return RolloutSpec.of("default", "app", 10, strategy);
    }

    void run() {
        scheduler.runUntilIdle(Duration.ofDays(2));
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    <T extends RolloutEvent> List<T> events(Class<T> type) {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }
    }

    List<String> messages() {
        synchronized (events) {
            return events.stream().map(e -> e.getClass().getSimpleName() + ": " + e.message())
                    .collect(Collectors.toList());
        }
    }
}
