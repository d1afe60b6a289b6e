package dev.rollout.core;

import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Rollouts stopped in each phase on virtual time, and the document the engine stored for each:
 * the source of the golden files under {@code state-golden/}. Deterministic: a mock clock at a
 * fixed instant, an embedded cluster whose pods are ready after five seconds.
 */
final class GoldenScenarios {
    static final WorkloadRef APP = new WorkloadRef("default", "app");

    /** The canary every canary scenario runs: two weights, each followed by a ten-minute pause. */
    static RolloutSpec canary() {
        return RolloutSpec.of("default", "app", 10, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(20), CanaryStep.Pause.of(Duration.ofMinutes(10)),
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(10)))));
    }

    static RolloutSpec blueGreen() {
        return RolloutSpec.of("default", "app", 4, new BlueGreenStrategy("app-active",
                Optional.of("app-preview"), OptionalInt.empty(), false, OptionalInt.empty(), 30,
                Optional.empty(), Optional.empty(), 30));
    }

    /** One engine on one embedded cluster running v1, on a clock of its own. */
    static final class World {
        final MockClock clock = new MockClock();
        final EmbeddedCluster cluster = EmbeddedCluster.builder().name("local").clock(clock)
                .defaultReadyDelay(Duration.ofSeconds(5)).build();
        final InMemoryStateStore store = new InMemoryStateStore();

        World(int stableReplicas) {
            cluster.deploy(APP, Revision.of("v1"), stableReplicas);
        }

        RolloutEngine engine(VirtualScheduler scheduler) {
            return RolloutEngine.builder().scheduler(scheduler).stateStore(store).target(cluster).build();
        }

        String document() {
            return store.get("default/app").orElseThrow().document();
        }
    }

    /** Name of the scenario (its golden file) to the document stored when it stopped. */
    static Map<String, String> documents() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("canary-progressing", run(10, canary(), (s, h) -> s.advance(Duration.ofSeconds(1))));
        out.put("canary-paused", run(10, canary(), (s, h) -> s.advance(Duration.ofMinutes(2))));
        out.put("canary-degraded", run(10, canary(), (s, h) -> {
            s.advance(Duration.ofMinutes(2));
            h.abort();
            s.runUntilIdle(Duration.ofDays(1));
        }));
        out.put("canary-healthy", run(10, canary(), (s, h) -> s.runUntilIdle(Duration.ofDays(1))));
        out.put("bluegreen-paused", run(4, blueGreen(), (s, h) -> s.advance(Duration.ofMinutes(1))));
        return out;
    }

    interface Script {
        void play(VirtualScheduler scheduler, RolloutHandle handle);
    }

    private static String run(int stable, RolloutSpec spec, Script script) {
        World w = new World(stable);
        VirtualScheduler scheduler = new VirtualScheduler(w.clock);
        try (RolloutEngine engine = w.engine(scheduler)) {
            RolloutHandle h = engine.start(spec, "local", Revision.of("v2"));
            script.play(scheduler, h);
            return w.document();
        }
    }

    private GoldenScenarios() {
    }

    static void forEach(Consumer<Map.Entry<String, String>> each) {
        documents().entrySet().forEach(each);
    }
}
