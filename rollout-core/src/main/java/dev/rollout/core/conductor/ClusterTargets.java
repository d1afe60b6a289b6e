package dev.rollout.core.conductor;

import dev.rollout.api.Clock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.core.embedded.EmbeddedCluster;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@link ClusterTarget} of each cluster a service config names. Thread-safe.
 */
public interface ClusterTargets {

    /**
     * The target of a cluster.
     *
     * @throws IllegalArgumentException naming the cluster when there is none
     */
    ClusterTarget target(String cluster);

    /**
     * Called before a cluster's rollout starts with what the version store says runs there. A
     * real cluster ignores it (it reports its own state); an embedded cluster, which lives only in
     * this process, recreates that revision so the rollout starts from it.
     */
    default void prepare(String cluster, WorkloadRef workload, Optional<Revision> recorded,
            int replicas, Set<String> services) {
    }

    /**
     * Embedded clusters, one per name, created on first use on {@code clock}; each recreates the
     * recorded revision, fully available, when it has no workload yet.
     */
    static Embedded embedded(Clock clock) {
        return new Embedded(clock);
    }

    /** Embedded clusters, one per cluster name; {@link #cluster(String)} gives tests access. */
    final class Embedded implements ClusterTargets {
        private final Clock clock;
        private final Map<String, EmbeddedCluster> clusters = new ConcurrentHashMap<>();

        private Embedded(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The embedded cluster of that name, created if missing. */
        public EmbeddedCluster cluster(String name) {
            return clusters.computeIfAbsent(name,
                    n -> EmbeddedCluster.builder().name(n).clock(clock).build());
        }

        @Override
        public ClusterTarget target(String cluster) {
            return cluster(cluster);
        }

        @Override
        public void prepare(String cluster, WorkloadRef workload, Optional<Revision> recorded,
                int replicas, Set<String> services) {
            EmbeddedCluster embedded = cluster(cluster);
            if (recorded.isPresent() && embedded.observe(workload).stableRevision().isEmpty()) {
                embedded.deploy(workload, recorded.get(), replicas, services);
            }
        }

        @Override
        public String toString() {
            return "embedded clusters " + clusters.keySet();
        }
    }
}
