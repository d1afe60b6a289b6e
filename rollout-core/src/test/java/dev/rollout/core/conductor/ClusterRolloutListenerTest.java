package dev.rollout.core.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.revision.StaticRevisionSource;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@link ClusterRolloutListener} hears every cluster's rollout events with the cluster's name. */
class ClusterRolloutListenerTest {
    @TempDir
    Path dir;

    private record Heard(String environment, String cluster, RolloutEvent event) {
    }

    @Test
    void everyRolloutEventArrivesWithItsEnvironmentAndCluster() {
        MockClock clock = new MockClock(Instant.parse("2026-12-01T10:00:00Z"));
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        List<Heard> heard = new CopyOnWriteArrayList<>();
        List<RolloutEvent> plain = new CopyOnWriteArrayList<>();
        Conductor conductor = Conductor.builder()
                .config(ServiceConfigLoader.load(ServiceFixture.write(dir, "halt")))
                .revisionSource(StaticRevisionSource.ofIds("v2", "v1"))
                .scheduler(scheduler)
                .stateStore(new InMemoryStateStore())
                .clusters(ClusterTargets.embedded(clock))
                .metricProvider(new ProbeProvider())
                .providerExecutor(Runnable::run)
                .clusterRolloutListener((environment, cluster, e) -> heard.add(new Heard(environment, cluster, e)))
                .rolloutListener(plain::add)
                .build();

        DeployHandle handle = conductor.deploy(DeployRequest.of("staging", "v1").allowingFirstDeploy());
        assertThat(VirtualTimeDriver.runUntilSettled(scheduler, handle, Duration.ofDays(1))).isTrue();

        assertThat(heard).isNotEmpty();
        assertThat(heard).extracting(Heard::environment).containsOnly("staging");
        assertThat(heard).extracting(Heard::cluster).containsOnly("staging-eu");
        assertThat(heard).extracting(Heard::event).anyMatch(e -> e instanceof RolloutEvent.Started);
        // A plain listener still hears the same events, without the cluster.
        assertThat(plain).containsExactlyElementsOf(heard.stream().map(Heard::event).toList());
    }
}
