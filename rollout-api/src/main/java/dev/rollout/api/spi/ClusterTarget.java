package dev.rollout.api.spi;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.TrafficRouting;
import java.util.Optional;

/**
 * One place a service runs (a Kubernetes cluster, an Argo CD application, the embedded cluster).
 * Every operation is idempotent: the engine repeats them after a crash or a conflict, and a
 * repeated call changes nothing. Thread-safe.
 */
public interface ClusterTarget {

    /** The target's name, used to find it again when an engine resumes a stored rollout. */
    String name();

    /**
     * Reads the live state of a workload, reflecting every {@code scale}, {@code remove},
     * {@code pointService} and {@code markStable} call that returned before; a workload that does
     * not exist is {@link WorkloadState#absent()}, not an error.
     */
    WorkloadState observe(WorkloadRef workload);

    /**
     * Runs {@code replicas} pods of {@code revision} (creating its workload if missing). For the
     * stable revision this scales the user's own workload.
     */
    void scale(WorkloadRef workload, Revision revision, int replicas);

    /** Removes everything the rollout created for a revision; a missing revision is no error. */
    void remove(WorkloadRef workload, String revisionId);

    /** Blue/green: points {@code service} at the pods of {@code revisionId}. */
    void pointService(WorkloadRef workload, String service, String revisionId);

    /**
     * Makes {@code revision} the workload's stable revision (for Kubernetes, the user's
     * Deployment now carries its template), so nothing drifts after a finished rollout.
     */
    void markStable(WorkloadRef workload, Revision revision);

    /**
     * Whether calls of this target (and of its traffic routers) may block on I/O; default true.
     * The engine then makes them on its target executor, off the shared scheduler's threads, so a
     * slow API server holds only its own rollouts. A target answering from memory (the embedded
     * cluster) returns false and is called on the scheduler thread, in the scheduler's own time.
     */
    default boolean mayBlock() {
        return true;
    }

    /** The traffic router for a routing spec, or empty when this target cannot route that kind. */
    default Optional<TrafficRouter> trafficRouter(WorkloadRef workload, TrafficRouting routing) {
        return Optional.empty();
    }
}
