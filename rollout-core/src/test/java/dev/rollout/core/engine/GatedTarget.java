package dev.rollout.core.engine;

import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.core.embedded.EmbeddedCluster;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An embedded cluster behind a target that says its calls may block: its writes can be held on a
 * latch (a hung API server) and every call can fail (an outage). Records the threads that call it.
 */
final class GatedTarget implements dev.rollout.api.spi.ClusterTarget {
    final EmbeddedCluster cluster;
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final boolean mayBlock;
    private volatile CountDownLatch gate;
    private final CountDownLatch held = new CountDownLatch(1);
    private volatile boolean down;

    GatedTarget(EmbeddedCluster cluster, boolean mayBlock) {
        this.cluster = cluster;
        this.mayBlock = mayBlock;
    }

    /** Holds every later write until {@link #release()}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held writes go on. */
    void release() {
        gate.countDown();
    }

    /** Waits until a write is held. */
    boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    /** Every call fails while down, as an API server answering 503. */
    void down(boolean value) {
        down = value;
    }

    private void enter(boolean write) {
        threads.add(Thread.currentThread().getName());
        if (down) {
            throw new TargetException("503 Service Unavailable from " + cluster.name());
        }
        CountDownLatch g = gate;
        if (write && g != null) {
            held.countDown();
            try {
                // Bounded, so a broken test cannot wedge the build.
                g.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean mayBlock() {
        return mayBlock;
    }

    @Override
    public String name() {
        return cluster.name();
    }

    @Override
    public WorkloadState observe(WorkloadRef workload) {
        enter(false);
        return cluster.observe(workload);
    }

    @Override
    public void scale(WorkloadRef workload, Revision revision, int replicas) {
        enter(true);
        cluster.scale(workload, revision, replicas);
    }

    @Override
    public void remove(WorkloadRef workload, String revisionId) {
        enter(true);
        cluster.remove(workload, revisionId);
    }

    @Override
    public void pointService(WorkloadRef workload, String service, String revisionId) {
        enter(true);
        cluster.pointService(workload, service, revisionId);
    }

    @Override
    public void markStable(WorkloadRef workload, Revision revision) {
        enter(true);
        cluster.markStable(workload, revision);
    }
}
