package dev.rollout.core;

import dev.rollout.api.Scheduler;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.TrafficRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target for engine tests: one workload, an operation log, pods that become available after
 * {@code readyDelay} on the scheduler (or never, when null), and a router of kind {@code fake}.
 */
final class FakeTarget implements ClusterTarget {
    private final String name;
    private final Scheduler scheduler;
    private final Map<String, int[]> pods = new LinkedHashMap<>(); // revision -> {desired, available}
    private final Map<String, String> failures = new HashMap<>();
    private final Map<String, String> services = new LinkedHashMap<>();
    private final List<String> ops = new ArrayList<>();
    private String stable;
    private int weight;
    private Duration readyDelay = Duration.ofSeconds(5);
    private final Router router = new Router();

    FakeTarget(String name, Scheduler scheduler) {
        this.name = name;
        this.scheduler = scheduler;
    }

    /** Starts with {@code revision} running {@code replicas} available pods as stable. */
    synchronized FakeTarget withStable(String revision, int replicas) {
        stable = revision;
        pods.put(revision, new int[] {replicas, replicas});
        return this;
    }

    synchronized FakeTarget readyDelay(Duration delay) {
        this.readyDelay = delay;
        return this;
    }

    synchronized void fail(String revision, String reason) {
        failures.put(revision, reason);
    }

    synchronized void makeAvailable(String revision) {
        int[] p = pods.get(revision);
        if (p != null) {
            p[1] = p[0];
        }
    }

    synchronized List<String> ops() {
        return List.copyOf(ops);
    }

    synchronized long count(String op) {
        return ops.stream().filter(op::equals).count();
    }

    synchronized Optional<String> stable() {
        return Optional.ofNullable(stable);
    }

    synchronized int desired(String revision) {
        int[] p = pods.get(revision);
        return p == null ? 0 : p[0];
    }

    synchronized boolean exists(String revision) {
        return pods.containsKey(revision);
    }

    synchronized String service(String service) {
        return services.get(service);
    }

    synchronized int weight() {
        return weight;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized WorkloadState observe(WorkloadRef workload) {
        Map<String, RevisionState> revisions = new HashMap<>();
        pods.forEach((rev, p) -> revisions.put(rev, new RevisionState(rev, p[0], p[0],
                p[1], p[1], Optional.ofNullable(failures.get(rev)))));
        return new WorkloadState(Optional.ofNullable(stable), revisions, services, weight);
    }

    @Override
    public synchronized void scale(WorkloadRef workload, Revision revision, int replicas) {
        ops.add("scale " + revision.id() + " " + replicas);
        int[] p = pods.computeIfAbsent(revision.id(), r -> new int[2]);
        p[0] = replicas;
        if (p[1] > replicas) {
            p[1] = replicas;
        } else if (readyDelay != null && readyDelay.isZero()) {
            p[1] = replicas;
        } else if (readyDelay != null) {
            scheduler.schedule(() -> becomeReady(revision.id(), replicas), readyDelay);
        }
    }

    private synchronized void becomeReady(String revision, int replicas) {
        int[] p = pods.get(revision);
        if (p != null && p[0] == replicas) {
            p[1] = replicas;
        }
    }

    @Override
    public synchronized void remove(WorkloadRef workload, String revisionId) {
        ops.add("remove " + revisionId);
        pods.remove(revisionId);
    }

    @Override
    public synchronized void pointService(WorkloadRef workload, String service, String revisionId) {
        ops.add("point " + service + " " + revisionId);
        services.put(service, revisionId);
    }

    @Override
    public synchronized void markStable(WorkloadRef workload, Revision revision) {
        ops.add("markStable " + revision.id());
        stable = revision.id();
    }

    @Override
    public Optional<TrafficRouter> trafficRouter(WorkloadRef workload, TrafficRouting routing) {
        return "fake".equals(routing.kind()) ? Optional.of(router) : Optional.empty();
    }

    private final class Router implements TrafficRouter {
        @Override
        public void setWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
                int canaryWeight) {
            synchronized (FakeTarget.this) {
                ops.add("weight " + canaryWeight);
                weight = canaryWeight;
            }
        }

        @Override
        public int currentWeight(WorkloadRef workload) {
            synchronized (FakeTarget.this) {
                return weight;
            }
        }

        @Override
        public void reset(WorkloadRef workload, String stableRevision) {
            synchronized (FakeTarget.this) {
                ops.add("reset " + stableRevision);
                weight = 0;
            }
        }
    }
}
