package dev.rollout.core.conductor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.RevisionSource;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.HistoryEntry;
import dev.rollout.core.embedded.Operation;
import dev.rollout.core.revision.StaticRevisionSource;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConductorTest {
    private static final WorkloadRef CHECKOUT = new WorkloadRef("shop", "checkout");

    @TempDir
    Path dir;

    private final MockClock clock = new MockClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final ClusterTargets.Embedded clusters = ClusterTargets.embedded(clock);
    private final InMemoryStateStore store = new InMemoryStateStore();
    private final ProbeProvider probe = new ProbeProvider();
    private final List<DeployEvent> events = new CopyOnWriteArrayList<>();
    private final List<DeployNotification> notifications = new CopyOnWriteArrayList<>();

    private Conductor conductor;

    @BeforeEach
    void setUp() {
        conductor = conductor("halt", StaticRevisionSource.ofIds("v5", "v4", "v3", "v2", "v1"));
    }

    private Conductor conductor(String onFailure, RevisionSource source) {
        return Conductor.builder()
                .config(ServiceConfigLoader.load(ServiceFixture.write(dir, onFailure)))
                .revisionSource(source)
                .scheduler(scheduler)
                .stateStore(store)
                .clusters(clusters)
                .metricProvider(probe)
                .providerExecutor(Runnable::run)
                .notifier(notifications::add)
                .listener(events::add)
                .owner("test-conductor")
                .build();
    }

    private DeployStatus run(DeployHandle handle) {
        assertThat(VirtualTimeDriver.runUntilSettled(scheduler, handle, Duration.ofDays(1)))
                .as("deploy settles").isTrue();
        return handle.status();
    }

    /** Runs a deploy to its end, approving every wait. */
    private DeployStatus approvingAll(DeployHandle handle) {
        DeployStatus status = run(handle);
        while (status.state() == DeployState.WaitingForApproval) {
            handle.approve();
            status = run(handle);
        }
        return status;
    }

    /** v1 everywhere as a first deploy, then the history starts from there. */
    private void baseline() {
        assertThat(approvingAll(conductor.deploy(DeployRequest.of("staging", "v1")
                .allowingFirstDeploy())).result()).isEqualTo(DeployResult.Deployed);
        assertThat(approvingAll(conductor.deploy(DeployRequest.of("production", "v1")
                .allowingFirstDeploy())).result()).isEqualTo(DeployResult.Deployed);
        events.clear();
        notifications.clear();
    }

    private String stable(String cluster) {
        return clusters.cluster(cluster).observe(CHECKOUT).stableRevision().orElse("none");
    }

    @Test
    void deploysStagingThenProductionWaveByWaveWithValuesPerCluster() {
        baseline();
        assertThat(run(conductor.deploy(DeployRequest.of("staging", "v2"))).result())
                .isEqualTo(DeployResult.Deployed);
        DeployStatus prod = run(conductor.deploy(DeployRequest.of("production", "v2")));

        assertThat(prod.result()).isEqualTo(DeployResult.Deployed);
        assertThat(prod.clusters()).extracting(ClusterDeployStatus::name, ClusterDeployStatus::wave,
                ClusterDeployStatus::phase, ClusterDeployStatus::replicas,
                ClusterDeployStatus::previousRevision).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("us-east", 0, "Healthy", 10, "v1"),
                        org.assertj.core.groups.Tuple.tuple("eu-west", 1, "Healthy", 6, "v1"),
                        org.assertj.core.groups.Tuple.tuple("ap-south", 1, "Healthy", 3, "v1"));
        for (String cluster : List.of("us-east", "eu-west", "ap-south")) {
            assertThat(stable(cluster)).isEqualTo("v2");
        }
        assertThat(clusters.cluster("us-east").observe(CHECKOUT).revision("v2").orElseThrow()
                .available()).isEqualTo(10);
        // The wave order: us-east is healthy before the second wave starts, after the gate.
        List<String> order = events.stream()
                .filter(e -> e.environment().equals("production"))
                .filter(e -> e.type() == DeployEvent.Type.ClusterStarted
                        || e.type() == DeployEvent.Type.GatePassed)
                .map(e -> e.type() + ":" + e.cluster()).toList();
        assertThat(order).containsExactly("ClusterStarted:us-east", "GatePassed:null",
                "ClusterStarted:eu-west", "ClusterStarted:ap-south");
        // Args: service and cluster supplied to the rollout's own template, analysis.args from values.
        assertThat(probe.queries).contains("success{service=checkout,cluster=ap-south,min=0.9}",
                "success{service=checkout,cluster=eu-west,min=0.95}",
                "errors{env=production,cluster=us-east,rev=v2}");
        EnvironmentVersions versions = conductor.versions("production");
        assertThat(versions.clusters().get("eu-west").revision().id()).isEqualTo("v2");
        assertThat(versions.deploying()).isEmpty();
    }

    @Test
    void soakWaitsItsVirtualTimeBeforeTheSecondWave() {
        baseline();
        run(conductor.deploy(DeployRequest.of("staging", "v2")));
        run(conductor.deploy(DeployRequest.of("production", "v2")));
        Instant usEastHealthy = at(DeployEvent.Type.ClusterHealthy, "us-east");
        Instant secondWave = at(DeployEvent.Type.ClusterStarted, "eu-west");
        // 10m soak, then 2 error-rate measurements one minute apart.
        assertThat(Duration.between(usEastHealthy, secondWave))
                .isGreaterThanOrEqualTo(Duration.ofMinutes(11));
    }

    private Instant at(DeployEvent.Type type, String cluster) {
        return events.stream().filter(e -> e.type() == type && cluster.equals(e.cluster()))
                .findFirst().orElseThrow().at();
    }

    @Test
    void aBadRegionHaltsTheSecondWaveAndLeavesTheFirstOnTheNewRevision() {
        baseline();
        run(conductor.deploy(DeployRequest.of("staging", "v2")));
        probe.answer("cluster=eu-west", 0.5);
        DeployStatus prod = run(conductor.deploy(DeployRequest.of("production", "v2")));

        assertThat(prod.result()).isEqualTo(DeployResult.Failed);
        assertThat(prod.message()).contains("eu-west failed");
        assertThat(stable("us-east")).isEqualTo("v2");
        assertThat(stable("eu-west")).isEqualTo("v1");
        assertThat(clusters.cluster("eu-west").observe(CHECKOUT).revision("v2")
                .map(r -> r.available()).orElse(0)).isZero();
        assertThat(conductor.versions("production").clusters().get("eu-west").revision().id())
                .isEqualTo("v1");
        assertThat(conductor.versions("production").history()).extracting(HistoryEntry::kind)
                .contains(HistoryEntry.Kind.FAILED);
        assertThat(notifications).filteredOn(n -> n.environment().equals("production"))
                .extracting(DeployNotification::kind)
                .containsExactly(DeployNotification.Kind.STARTED, DeployNotification.Kind.FAILED);
    }

    @Test
    void rollbackOnFailureReturnsFinishedClustersToTheirPreviousRevision() {
        conductor = conductor("rollback", StaticRevisionSource.ofIds("v5", "v4", "v3", "v2", "v1"));
        baseline();
        run(conductor.deploy(DeployRequest.of("staging", "v2")));
        probe.answer("cluster=ap-south", 0.5);
        DeployStatus prod = run(conductor.deploy(DeployRequest.of("production", "v2")));

        assertThat(prod.result()).isEqualTo(DeployResult.RolledBack);
        for (String cluster : List.of("us-east", "eu-west", "ap-south")) {
            assertThat(stable(cluster)).as(cluster).isEqualTo("v1");
            assertThat(conductor.versions("production").clusters().get(cluster).revision().id())
                    .as(cluster).isEqualTo("v1");
        }
        assertThat(prod.clusters()).extracting(ClusterDeployStatus::phase)
                .containsExactly("RolledBack", "Aborted", "Degraded");
    }

    @Test
    void anOlderRevisionIsRefusedAndChangesNothing() {
        baseline();
        run(conductor.deploy(DeployRequest.of("staging", "v3")));
        int writes = clusters.cluster("staging-eu").writes();
        DeployStatus refused = conductor.deploy(DeployRequest.of("staging", "v2")).status();

        assertThat(refused.result()).isEqualTo(DeployResult.Refused);
        assertThat(refused.message()).contains("v2").contains("v3");
        assertThat(clusters.cluster("staging-eu").writes()).isEqualTo(writes);
        assertThat(stable("staging-eu")).isEqualTo("v3");
        assertThat(notifications).extracting(DeployNotification::kind)
                .contains(DeployNotification.Kind.REFUSED);
    }

    @Test
    void aNewerRequestWaitsAndAStillNewerOneSupersedesIt() {
        baseline();
        DeployHandle v2 = conductor.deploy(DeployRequest.of("staging", "v2"));
        DeployHandle v3 = conductor.deploy(DeployRequest.of("staging", "v3"));
        assertThat(v3.status().state()).isEqualTo(DeployState.Queued);
        DeployHandle v4 = conductor.deploy(DeployRequest.of("staging", "v4"));

        assertThat(v3.status().result()).isEqualTo(DeployResult.Superseded);
        assertThat(v3.status().message()).contains("v4");
        VirtualTimeDriver.runUntil(scheduler, () -> v4.status().state() == DeployState.Done,
                Duration.ofDays(1));
        assertThat(v2.status().result()).isEqualTo(DeployResult.Deployed);
        assertThat(v4.status().result()).isEqualTo(DeployResult.Deployed);
        assertThat(stable("staging-eu")).isEqualTo("v4");
        // v3 never touched the cluster.
        assertThat(clusters.cluster("staging-eu").observe(CHECKOUT).revision("v3")).isEmpty();
        assertThat(conductor.versions("staging").history()).extracting(HistoryEntry::kind)
                .contains(HistoryEntry.Kind.SUPERSEDED);
    }

    @Test
    void productionRefusesARevisionThatHasNotReachedStaging() {
        baseline();
        assertThatThrownBy(() -> conductor.deploy(DeployRequest.of("production", "v2")))
                .isInstanceOf(DeployRefusedException.class)
                .hasMessageContaining("v2 has not reached staging");
        assertThat(stable("us-east")).isEqualTo("v1");
    }

    @Test
    void aClusterWithNothingRunningNeedsAFirstDeploy() {
        DeployStatus status = run(conductor.deploy(DeployRequest.of("staging", "v1")));
        assertThat(status.result()).isEqualTo(DeployResult.Failed);
        assertThat(status.message()).contains("staging-eu");
        assertThat(clusters.cluster("staging-eu").observe(CHECKOUT).stableRevision()).isEmpty();
    }

    @Test
    void unknownEnvironmentAndRevisionAreInvalidInputAndChangeNothing() {
        assertThatThrownBy(() -> conductor.deploy(DeployRequest.of("qa", "v1")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("no environment named 'qa'")
                .hasMessageContaining("staging, production");
        assertThatThrownBy(() -> conductor.deploy(DeployRequest.of("staging", "v9")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("v9");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void notificationsListTheCommitsSinceEachClustersPreviousRevision() {
        List<Revision> newestFirst = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            newestFirst.add(Revision.of("v" + i));
        }
        RevisionSource withHistory = new RevisionSource() {
            private final StaticRevisionSource delegate = new StaticRevisionSource(newestFirst);

            @Override
            public List<Revision> candidates() {
                return delegate.candidates();
            }

            @Override
            public Revision resolve(String reference) {
                return delegate.resolve(reference);
            }

            @Override
            public List<Commit> commitsBetween(Revision from, Revision to) {
                int a = Integer.parseInt(from.id().substring(1));
                int b = Integer.parseInt(to.id().substring(1));
                List<Commit> out = new ArrayList<>();
                for (int i = b; i > a; i--) {
                    out.add(new Commit("c" + i + "000000", "c" + i, "change " + i, "dev"));
                }
                return out;
            }
        };
        conductor = conductor("halt", withHistory);
        baseline();
        run(conductor.deploy(DeployRequest.of("staging", "v3")));
        DeployNotification started = notifications.stream()
                .filter(n -> n.kind() == DeployNotification.Kind.STARTED).findFirst().orElseThrow();
        assertThat(started.clusters()).singleElement().satisfies(c -> {
            assertThat(c.previousRevision()).isEqualTo("v1");
            assertThat(c.commits()).extracting(Commit::subject).containsExactly("change 3", "change 2");
        });
    }

    @Test
    void anApprovalGateWaitsForApprove() {
        String service = ServiceFixture.SERVICE.formatted("halt").replace(
                "gate: {soak: 10m, analysis: {templates: [{templateName: error-rate}]}}",
                "gate: {approval: true}");
        conductor = Conductor.builder()
                .config(ServiceConfigLoader.load(ServiceFixture.write(dir, service, ServiceFixture.ROLLOUT)))
                .revisionSource(StaticRevisionSource.ofIds("v5", "v4", "v3", "v2", "v1"))
                .scheduler(scheduler).stateStore(store).clusters(clusters).metricProvider(probe)
                .providerExecutor(Runnable::run).owner("test").build();
        baseline();
        run(conductor.deploy(DeployRequest.of("staging", "v2")));
        DeployHandle prod = conductor.deploy(DeployRequest.of("production", "v2"));
        DeployStatus waiting = run(prod);

        assertThat(waiting.state()).isEqualTo(DeployState.WaitingForApproval);
        assertThat(stable("us-east")).isEqualTo("v2");
        assertThat(stable("eu-west")).isEqualTo("v1");
        conductor.approve("production");
        assertThat(run(prod).result()).isEqualTo(DeployResult.Deployed);
        assertThat(stable("eu-west")).isEqualTo("v2");
    }

    @Test
    void aResumedDeployDoesNotRedeployFinishedClusters() {
        String service = ServiceFixture.SERVICE.formatted("halt").replace(
                "gate: {soak: 10m, analysis: {templates: [{templateName: error-rate}]}}",
                "gate: {approval: true}");
        Path file = ServiceFixture.write(dir, service, ServiceFixture.ROLLOUT);
        Conductor first = Conductor.builder().config(ServiceConfigLoader.load(file))
                .revisionSource(StaticRevisionSource.ofIds("v5", "v4", "v3", "v2", "v1"))
                .scheduler(scheduler).stateStore(store).clusters(clusters).metricProvider(probe)
                .providerExecutor(Runnable::run).owner("999999999@" + host()).build();
        conductor = first;
        baseline();
        run(first.deploy(DeployRequest.of("staging", "v2")));
        run(first.deploy(DeployRequest.of("production", "v2")));
        first.close();   // the process is gone while the gate waits

        ClusterTargets.Embedded fresh = ClusterTargets.embedded(clock);
        Conductor second = Conductor.builder().config(ServiceConfigLoader.load(file))
                .revisionSource(StaticRevisionSource.ofIds("v5", "v4", "v3", "v2", "v1"))
                .scheduler(scheduler).stateStore(store).clusters(fresh).metricProvider(probe)
                .providerExecutor(Runnable::run).owner("second").build();
        DeployHandle resumed = second.resume("production").orElseThrow();
        run(resumed);
        assertThat(resumed.status().state()).isEqualTo(DeployState.WaitingForApproval);
        second.approve("production");
        assertThat(run(resumed).result()).isEqualTo(DeployResult.Deployed);
        assertThat(fresh.cluster("us-east").writes(Operation.SCALE)).isZero();
        assertThat(fresh.cluster("eu-west").observe(CHECKOUT).stableRevision()).contains("v2");
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
