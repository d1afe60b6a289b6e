package dev.rollout.core.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.revision.StaticRevisionSource;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy whose clusters' targets may block (Kubernetes): one cluster's hung API server must not
 * hold the conductor's scheduler, so the other cluster of the wave still rolls out, and no
 * scheduler thread ever calls a blocking target.
 */
class BlockingClusterTest {
    private static final String SERVICE = """
            apiVersion: rollout.dev/v1alpha1
            kind: Service
            metadata: {name: checkout}
            spec:
              chart: chart
              rollout: rollout.yaml
              source:
                static: {revisions: [v1, v2]}
              environments:
                - name: production
                  waves:
                    - clusters: [a, b]
                      parallel: true
            """;
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
            """;

    @TempDir
    Path dir;

    /** One scheduler thread: a blocked one would stall everything. */
    private final ExecutorScheduler scheduler = new ExecutorScheduler(1);
    private final Set<String> callers = ConcurrentHashMap.newKeySet();
    private final CountDownLatch hung = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch bHealthy = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        scheduler.close();
    }

    @Test
    void aHungClusterHoldsNoSchedulerThreadAndTheOtherClusterRollsOut() throws Exception {
        Blocking targets = new Blocking(ClusterTargets.embedded(scheduler.clock()), "a");
        Conductor conductor = Conductor.builder()
                .config(ServiceConfigLoader.load(ServiceFixture.write(dir, SERVICE, ROLLOUT)))
                .revisionSource(StaticRevisionSource.ofIds("v2", "v1"))
                .scheduler(scheduler)
                .stateStore(new InMemoryStateStore())
                .clusters(targets)
                .listener(e -> {
                    if (e.type() == DeployEvent.Type.ClusterHealthy && "b".equals(e.cluster())) {
                        bHealthy.countDown();
                    }
                })
                .owner("test-conductor")
                .build();

        DeployHandle handle = conductor.deploy(DeployRequest.of("production", "v1")
                .allowingFirstDeploy());

        assertThat(hung.await(30, TimeUnit.SECONDS)).as("cluster a's API server hangs").isTrue();
        assertThat(bHealthy.await(30, TimeUnit.SECONDS)).as("cluster b rolls out meanwhile").isTrue();
        assertThat(handle.status().clusters()).filteredOn(c -> c.name().equals("a"))
                .singleElement().satisfies(c -> assertThat(c.phase()).isEqualTo("Progressing"));

        release.countDown();
        DeployStatus done = handle.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(done.result()).isEqualTo(DeployResult.Deployed);
        assertThat(done.clusters()).allSatisfy(c -> assertThat(c.phase()).isEqualTo("Healthy"));
        assertThat(callers).isNotEmpty().noneMatch(n -> n.startsWith("rollout-engine-"));
        assertThat(callers).anyMatch(n -> n.startsWith("rollout-target-"));
        conductor.close();
    }

    /** Embedded clusters behind targets that say they may block; {@code hang}'s observe hangs once. */
    private final class Blocking implements ClusterTargets {
        private final ClusterTargets.Embedded embedded;
        private final String hang;
        private final Map<String, ClusterTarget> targets = new ConcurrentHashMap<>();

        Blocking(ClusterTargets.Embedded embedded, String hang) {
            this.embedded = embedded;
            this.hang = hang;
        }

        @Override
        public ClusterTarget target(String cluster) {
            return targets.computeIfAbsent(cluster, c -> new Recording(embedded.cluster(c), c.equals(hang)));
        }

        @Override
        public void prepare(String cluster, WorkloadRef workload, Optional<Revision> recorded,
                int replicas, Set<String> services) {
            callers.add(Thread.currentThread().getName());
            embedded.prepare(cluster, workload, recorded, replicas, services);
        }
    }

    /** Records who calls; the first observe of a hanging target waits for the test to release it. */
    private final class Recording implements ClusterTarget {
        private final ClusterTarget delegate;
        private final boolean hangs;

        Recording(ClusterTarget delegate, boolean hangs) {
            this.delegate = delegate;
            this.hangs = hangs;
        }

        private void enter() {
            callers.add(Thread.currentThread().getName());
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public WorkloadState observe(WorkloadRef workload) {
            enter();
            if (hangs && hung.getCount() > 0) {
                hung.countDown();
                try {
                    // Bounded, so a broken build cannot wedge.
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.observe(workload);
        }

        @Override
        public void scale(WorkloadRef workload, Revision revision, int replicas) {
            enter();
            delegate.scale(workload, revision, replicas);
        }

        @Override
        public void remove(WorkloadRef workload, String revisionId) {
            enter();
            delegate.remove(workload, revisionId);
        }

        @Override
        public void pointService(WorkloadRef workload, String service, String revisionId) {
            enter();
            delegate.pointService(workload, service, revisionId);
        }

        @Override
        public void markStable(WorkloadRef workload, Revision revision) {
            enter();
            delegate.markStable(workload, revision);
        }
    }
}
