package dev.rollout.core.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

/** One workload on the embedded cluster. Not thread-safe: guarded by the cluster's lock. */
final class WorkloadModel {
    /** The stable revision's id, or null before one was deployed or marked stable. */
    String stableRevision;
    final Map<String, ReplicaSetModel> replicaSets = new LinkedHashMap<>();
    final Map<String, String> services = new LinkedHashMap<>();
    /** The revision the router sends the stable share to, or null before any routing. */
    String routedStable;
    /** The revision the router sends the canary's share to, or null when all goes to stable. */
    String routedCanary;
    int canaryWeight;
}
