package dev.rollout.core.conductor.versions;

import static dev.rollout.core.conductor.versions.Releases.ORDER;
import static dev.rollout.core.conductor.versions.Releases.v;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.state.FileStateStore;
import dev.rollout.core.state.InMemoryStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomly interleaved deploy requests from several threads (and two store instances over one
 * directory, as two processes would) never regress a cluster, never lose a request and never run
 * two deploys at once. The seed is printed; rerun one with {@code -Dversions.seed=<seed>}.
 */
class VersionStorePropertyTest {
    private static final int REQUESTS = Integer.getInteger("versions.requests", 1000);
    /** Every file write is fsynced twice, so the two-process run does fewer requests to stay fast. */
    private static final int FILE_REQUESTS = Integer.getInteger("versions.fileRequests", 400);
    private static final int THREADS = 4;
    /** A short history keeps documents small and the run fast; the checker needs only the overlap. */
    private static final int HISTORY = 30;
    private static final List<String> CLUSTERS = List.of("eu-1", "us-1", "ap-1");
    private static final Set<String> DEPLOY_ENDS = Set.of("Deployed", "Failed", "RolledBack");

    @TempDir
    Path dir;

    private final long seed = Long.getLong("versions.seed", System.nanoTime());
    private final MockClock clock = new MockClock();
    private final WriteChecker checker = new WriteChecker();
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();

    @Test
    void threadsSharingOneStore() throws Exception {
        VersionStore shared = new VersionStore(checker.watch(new InMemoryStateStore()), clock, HISTORY);
        run(List.of(shared), REQUESTS);
    }

    @Test
    void twoProcessesSharingOneDirectory() throws Exception {
        StateStore first = checker.watch(new FileStateStore(dir));
        StateStore second = checker.watch(new FileStateStore(dir));
        run(List.of(new VersionStore(first, clock, HISTORY), new VersionStore(second, clock, HISTORY)),
                FILE_REQUESTS);
    }

    private void run(List<VersionStore> stores, int requests) throws Exception {
        System.out.println(getClass().getSimpleName() + " seed=" + seed + ", " + requests + " requests");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            VersionStore versions = stores.get(t % stores.size());
            Random random = new Random(seed + t);
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    submitUntilDone(versions, random, thread, requests);
                    cpuNanos.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean()
                            .getCurrentThreadCpuTime());
                } catch (Throwable e) {
                    violations.add("thread " + thread + ": " + e);
                }
            }, "deployer-" + t));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
            assertThat(thread.isAlive()).as("%s hangs (seed %d)", thread.getName(), seed).isFalse();
        }

        String why = "seed " + seed;
        assertThat(violations).as(why).isEmpty();
        assertThat(checker.violations()).as(why).isEmpty();
        assertThat(submitted).as(why).hasSize(requests);
        assertThat(outcomes.keySet()).as("every request ended (%s)", why).isEqualTo(submitted);
        EnvironmentVersions end = stores.get(0).get("shop", "prod");
        assertThat(end.deploying()).as("drained (%s)", why).isEmpty();
        assertThat(end.pending()).as("drained (%s)", why).isEmpty();
        Map<String, List<HistoryEntry>> endings = checker.endings();
        outcomes.forEach((id, outcome) -> {
            List<HistoryEntry> recorded = endings.getOrDefault(id, List.of());
            String inHistory = recorded.stream().map(e -> e.kind() == HistoryEntry.Kind.FINISHED
                    ? e.finishedResult().orElseThrow().name() : e.kind().name()).toList().toString();
            String expected = outcome.equals("Duplicate") || outcome.equals("UpToDate") ? "[]"
                    : "[" + outcome + "]";
            if (!inHistory.equals(expected)) {
                violations.add(id + " ended " + outcome + " but the history says " + inHistory);
            }
        });
        assertThat(violations).as(why).isEmpty();
        Map<String, Long> tally = new java.util.TreeMap<>();
        outcomes.values().forEach(o -> tally.merge(o, 1L, Long::sum));
        System.out.println("outcomes " + tally + ", " + checker.writes() + " writes checked, "
                + checker.conflicts() + " conflicts retried, " + cpuNanos.get() / 1_000_000
                + " ms CPU in the deployer threads");
        if (requests >= 1000) {
            // Small runs may miss a rare path by chance; a full run misses one about once in 10^6.
            assertThat(tally.keySet()).as("the run exercised every path (%s)", why)
                    .contains("Deployed", "Failed", "RolledBack", "REFUSED", "SUPERSEDED", "Duplicate");
        }
    }

    private void submitUntilDone(VersionStore versions, Random random, int thread, int requests) {
        for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
            // Half are new releases (which threads may submit out of release order), half ask
            // again for a recent one: newer, older and equal requests all occur.
            int revision = random.nextBoolean() ? releases.incrementAndGet()
                    : Math.max(1, releases.get() - random.nextInt(6));
            String id = "t" + thread + "-" + n;
            submitted.add(id);
            clock.add(Duration.ofSeconds(1));
            DeployTicket ticket = new DeployTicket(id, v(revision), "deployer-" + thread, Instant.EPOCH);
            Admission admission = versions.submit("shop", "prod", ticket, ORDER);
            if (admission instanceof Admission.Run run) {
                enter(run.ticket());
                deploy(versions, random, run.ticket());
            } else if (admission instanceof Admission.Pending pending) {
                pending.superseded().ifPresent(s -> end(s.requestId(), "SUPERSEDED"));
            } else if (admission instanceof Admission.Refused) {
                end(id, "REFUSED");
            } else if (admission instanceof Admission.Superseded) {
                end(id, "SUPERSEDED");
            } else if (admission instanceof Admission.Duplicate) {
                end(id, "Duplicate");
            } else {
                end(id, "UpToDate");
            }
        }
    }

    /** Runs a deploy and, while finishing hands over pending requests, those too. */
    private void deploy(VersionStore versions, Random random, DeployTicket first) {
        Optional<DeployTicket> ticket = Optional.of(first);
        while (ticket.isPresent()) {
            DeployTicket t = ticket.get();
            versions.started("shop", "prod", t.requestId());
            DeployResult result = DeployResult.Deployed;
            List<String> done = new ArrayList<>();
            for (String cluster : CLUSTERS) {
                if (random.nextInt(6) == 0) {
                    versions.clusterFailed("shop", "prod", t.requestId(), cluster, "pods crash");
                    result = random.nextBoolean() ? DeployResult.Failed : DeployResult.RolledBack;
                    break;
                }
                versions.clusterDeployed("shop", "prod", t.requestId(), cluster, t.revision(), ORDER);
                done.add(cluster);
            }
            if (result == DeployResult.RolledBack) {
                EnvironmentVersions env = versions.get("shop", "prod");
                for (String cluster : done) {
                    ClusterVersion c = env.clusters().get(cluster);
                    if (c.previous().isPresent()) {
                        versions.clusterRolledBack("shop", "prod", t.requestId(), cluster, c.previous().get());
                    }
                }
            }
            inFlight.decrementAndGet();
            ticket = versions.finish("shop", "prod", t.requestId(), result, "");
            end(t.requestId(), result.name());
            ticket.ifPresent(this::enter);
        }
    }

    private void enter(DeployTicket ticket) {
        int running = inFlight.incrementAndGet();
        if (running != 1) {
            violations.add(running + " deploys in flight when " + ticket.requestId() + " started");
        }
    }

    private void end(String requestId, String outcome) {
        String earlier = outcomes.putIfAbsent(requestId, outcome);
        if (earlier != null) {
            violations.add(requestId + " ended twice: " + earlier + ", then " + outcome);
        }
    }
}
