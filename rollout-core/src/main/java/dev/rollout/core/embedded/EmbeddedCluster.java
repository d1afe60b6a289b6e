package dev.rollout.core.embedded;

import dev.rollout.api.Clock;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.TrafficRouter;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory cluster for the demo, the simulator, the engine's tests and users' own tests.
 * Pods become ready after a delay measured on the injected {@link Clock}, computed when observed,
 * so no thread runs. Every write that changes something is kept in an {@linkplain #operations()
 * operation log}; repeated calls that change nothing are counted but not logged. Thread-safe.
 */
public final class EmbeddedCluster implements ClusterTarget {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);

    private final String name;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<WorkloadRef, WorkloadModel> workloads = new LinkedHashMap<>();
    private final Map<String, Duration> readyDelays = new HashMap<>();
    private final Map<String, String> crashReasons = new HashMap<>();
    private final OperationLog log;
    private Duration defaultReadyDelay;

    private EmbeddedCluster(Builder builder) {
        this.name = builder.name;
        this.clock = builder.clock;
        this.defaultReadyDelay = builder.defaultReadyDelay;
        this.log = new OperationLog(clock);
    }

    /** A cluster named {@code embedded} on the given clock, whose pods are ready at once. */
    public static EmbeddedCluster create(Clock clock) {
        return builder().clock(clock).build();
    }

    /** A builder: name {@code embedded}, {@link Clock#SYSTEM}, pods ready at once. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    /** The clock readiness is measured on. */
    public Clock clock() {
        return clock;
    }

    /**
     * Creates (or replaces) a workload whose stable revision runs {@code replicas} pods that are
     * all available already, as a cluster looks before a rollout. Not logged.
     */
    public void deploy(WorkloadRef workload, Revision revision, int replicas) {
        deploy(workload, revision, replicas, List.of());
    }

    /** Like {@link #deploy(WorkloadRef, Revision, int)}, with {@code services} selecting the revision. */
    public void deploy(WorkloadRef workload, Revision revision, int replicas,
            Collection<String> services) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(revision, "revision");
        requireReplicas(replicas);
        synchronized (lock) {
            WorkloadModel model = new WorkloadModel();
            model.stableRevision = revision.id();
            ReplicaSetModel replicaSet = new ReplicaSetModel(revision);
            replicaSet.scaleTo(replicas, clock.millis(), Long.MIN_VALUE);
            model.replicaSets.put(revision.id(), replicaSet);
            for (String service : services) {
                model.services.put(Objects.requireNonNull(service, "service"), revision.id());
            }
            workloads.put(workload, model);
        }
        LOG.debug("embedded cluster {}: deployed {} at revision {} with {} replicas", name, workload,
                revision.id(), replicas);
    }

    /** Pods of {@code revisionId} created from now on become ready {@code delay} after they start. */
    public void readyAfter(String revisionId, Duration delay) {
        Objects.requireNonNull(revisionId, "revisionId");
        requireDelay(delay);
        synchronized (lock) {
            readyDelays.put(revisionId, delay);
        }
    }

    /**
     * Pods of {@code revisionId} never become ready; once they had their ready delay to start,
     * {@link RevisionState#failure()} reads {@code "CrashLoopBackOff: " + reason}.
     */
    public void neverReady(String revisionId, String reason) {
        Objects.requireNonNull(revisionId, "revisionId");
        Objects.requireNonNull(reason, "reason");
        synchronized (lock) {
            crashReasons.put(revisionId, reason);
        }
    }

    /** The ready delay of pods created from now on for revisions without their own. */
    public void defaultReadyDelay(Duration delay) {
        requireDelay(delay);
        synchronized (lock) {
            defaultReadyDelay = delay;
        }
    }

    /** The next call of {@code operation} throws {@code failure} and changes nothing; calls queue. */
    public void failNext(Operation operation, RuntimeException failure) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(failure, "failure");
        synchronized (lock) {
            log.failNext(operation, failure);
        }
    }

    /** Every write applied so far, oldest first; an immutable copy. */
    public List<OperationRecord> operations() {
        synchronized (lock) {
            return log.records();
        }
    }

    /** The writes applied to one workload, oldest first; an immutable copy. */
    public List<OperationRecord> operations(WorkloadRef workload) {
        synchronized (lock) {
            return log.records(workload);
        }
    }

    /** How many writes changed something. */
    public int writes() {
        synchronized (lock) {
            return log.writes();
        }
    }

    /** How many writes of one kind changed something. */
    public int writes(Operation operation) {
        synchronized (lock) {
            return log.writes(operation);
        }
    }

    /** How many times an operation was called, including repeats that changed nothing and injected failures. */
    public int calls(Operation operation) {
        synchronized (lock) {
            return log.calls(operation);
        }
    }

    /** The workloads on this cluster, in the order they appeared. */
    public Set<WorkloadRef> workloads() {
        synchronized (lock) {
            return Collections.unmodifiableSet(new LinkedHashSet<>(workloads.keySet()));
        }
    }

    /** Answers from memory: the engine calls it on the scheduler thread, in virtual time. */
    @Override
    public boolean mayBlock() {
        return false;
    }

    /**
     * Deletes a workload and all its revisions as a user would ({@code kubectl delete}), outside
     * any rollout: not recorded as an operation. Returns whether it existed.
     */
    public boolean deleteWorkload(WorkloadRef workload) {
        Objects.requireNonNull(workload, "workload");
        synchronized (lock) {
            return workloads.remove(workload) != null;
        }
    }

    @Override
    public WorkloadState observe(WorkloadRef workload) {
        Objects.requireNonNull(workload, "workload");
        synchronized (lock) {
            log.begin(Operation.OBSERVE);
            WorkloadModel model = workloads.get(workload);
            if (model == null) {
                return WorkloadState.absent();
            }
            long now = clock.millis();
            Map<String, RevisionState> revisions = new LinkedHashMap<>();
            model.replicaSets.forEach((id, replicaSet) -> revisions.put(id,
                    replicaSet.state(now, Optional.ofNullable(crashReasons.get(id)))));
            return new WorkloadState(Optional.ofNullable(model.stableRevision), revisions,
                    model.services, model.canaryWeight);
        }
    }

    @Override
    public void scale(WorkloadRef workload, Revision revision, int replicas) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(revision, "revision");
        requireReplicas(replicas);
        synchronized (lock) {
            log.begin(Operation.SCALE);
            WorkloadModel model = workloads.computeIfAbsent(workload, key -> new WorkloadModel());
            ReplicaSetModel replicaSet = model.replicaSets.get(revision.id());
            if (replicaSet != null && replicaSet.desired() == replicas) {
                return;
            }
            if (replicaSet == null) {
                replicaSet = new ReplicaSetModel(revision);
                model.replicaSets.put(revision.id(), replicaSet);
            }
            long now = clock.millis();
            replicaSet.scaleTo(replicas, now, readyAt(revision.id(), now));
            log.record(Operation.SCALE, workload, revision.id(), OptionalInt.of(replicas),
                    OptionalInt.empty(), Optional.empty());
        }
        LOG.debug("embedded cluster {}: scaled {} revision {} to {} replicas", name, workload,
                revision.id(), replicas);
    }

    @Override
    public void remove(WorkloadRef workload, String revisionId) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(revisionId, "revisionId");
        synchronized (lock) {
            log.begin(Operation.REMOVE);
            WorkloadModel model = workloads.get(workload);
            if (model == null || !model.replicaSets.containsKey(revisionId)) {
                return;
            }
            if (revisionId.equals(model.stableRevision)) {
                throw new TargetException("cannot remove revision " + revisionId + " of " + workload
                        + " on cluster " + name + ": it is the stable revision");
            }
            model.replicaSets.remove(revisionId);
            log.record(Operation.REMOVE, workload, revisionId, OptionalInt.empty(),
                    OptionalInt.empty(), Optional.empty());
        }
        LOG.debug("embedded cluster {}: removed {} revision {}", name, workload, revisionId);
    }

    @Override
    public void pointService(WorkloadRef workload, String service, String revisionId) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(revisionId, "revisionId");
        synchronized (lock) {
            log.begin(Operation.POINT_SERVICE);
            WorkloadModel model = workloads.computeIfAbsent(workload, key -> new WorkloadModel());
            if (revisionId.equals(model.services.put(service, revisionId))) {
                return;
            }
            log.record(Operation.POINT_SERVICE, workload, revisionId, OptionalInt.empty(),
                    OptionalInt.empty(), Optional.of(service));
        }
        LOG.debug("embedded cluster {}: service {} of {} now selects revision {}", name, service,
                workload, revisionId);
    }

    @Override
    public void markStable(WorkloadRef workload, Revision revision) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(revision, "revision");
        synchronized (lock) {
            log.begin(Operation.MARK_STABLE);
            WorkloadModel model = workloads.computeIfAbsent(workload, key -> new WorkloadModel());
            if (revision.id().equals(model.stableRevision)) {
                return;
            }
            model.stableRevision = revision.id();
            log.record(Operation.MARK_STABLE, workload, revision.id(), OptionalInt.empty(),
                    OptionalInt.empty(), Optional.empty());
        }
        LOG.debug("embedded cluster {}: {} is now stable at revision {}", name, workload,
                revision.id());
    }

    /** A router for any kind of routing (istio, smi, nginx, gatewayAPI, ...), so specs run offline. */
    @Override
    public Optional<TrafficRouter> trafficRouter(WorkloadRef workload, TrafficRouting routing) {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(routing, "routing");
        return Optional.of(new EmbeddedTrafficRouter(this, routing));
    }

    /** Applies a weight change; false when nothing changed. */
    boolean applyWeight(Operation operation, WorkloadRef workload, String stableRevision,
            String canaryRevision, int canaryWeight) {
        synchronized (lock) {
            log.begin(operation);
            WorkloadModel model = workloads.get(workload);
            if (model == null) {
                throw new TargetException("cannot route traffic of " + workload + " on cluster "
                        + name + ": the workload does not exist");
            }
            if (model.canaryWeight == canaryWeight
                    && Objects.equals(model.routedStable, stableRevision)
                    && Objects.equals(model.routedCanary, canaryRevision)) {
                return false;
            }
            model.canaryWeight = canaryWeight;
            model.routedStable = stableRevision;
            model.routedCanary = canaryRevision;
            String revision = canaryRevision == null ? stableRevision : canaryRevision;
            log.record(operation, workload, revision, OptionalInt.empty(),
                    OptionalInt.of(canaryWeight), Optional.empty());
            return true;
        }
    }

    /** The routed weight of each revision, summing to 100; empty for an unknown workload. */
    Map<String, Integer> weights(WorkloadRef workload) {
        synchronized (lock) {
            WorkloadModel model = workloads.get(workload);
            Map<String, Integer> weights = new LinkedHashMap<>();
            if (model == null) {
                return weights;
            }
            String stable = model.routedStable != null ? model.routedStable : model.stableRevision;
            if (stable != null) {
                weights.put(stable, 100 - model.canaryWeight);
            }
            if (model.routedCanary != null) {
                weights.merge(model.routedCanary, model.canaryWeight, Integer::sum);
            }
            return weights;
        }
    }

    /** The canary weight in effect; 0 for an unknown workload. */
    int currentWeight(WorkloadRef workload) {
        synchronized (lock) {
            WorkloadModel model = workloads.get(workload);
            return model == null ? 0 : model.canaryWeight;
        }
    }

    private long readyAt(String revisionId, long now) {
        long delay = readyDelays.getOrDefault(revisionId, defaultReadyDelay).toMillis();
        long readyAt = now + delay;
        return readyAt < now ? Long.MAX_VALUE : readyAt;
    }

    private static void requireReplicas(int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
        }
    }

    private static void requireDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, was " + delay);
        }
    }

    /** Builds an {@link EmbeddedCluster}; not thread-safe, the cluster it builds is. */
    public static final class Builder {
        private String name = "embedded";
        private Clock clock = Clock.SYSTEM;
        private Duration defaultReadyDelay = Duration.ZERO;

        private Builder() {
        }

        /** The target's name (default {@code embedded}). */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** The clock readiness is measured on (default {@link Clock#SYSTEM}). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long new pods take to become ready unless their revision has its own delay (default zero). */
        public Builder defaultReadyDelay(Duration delay) {
            requireDelay(delay);
            this.defaultReadyDelay = delay;
            return this;
        }

        /** A new, empty cluster. */
        public EmbeddedCluster build() {
            return new EmbeddedCluster(this);
        }
    }
}
