package dev.rollout.k8s.traffic;

import dev.rollout.api.cluster.WorkloadRef;
import java.util.Map;

/**
 * What a router asks of the cluster target it routes on: to point a Service at one revision's
 * pods, and the pod label that selects them. {@code KubernetesClusterTarget} is one; routers see
 * only this, so the traffic package does not depend on the cluster package (which builds the
 * routers).
 */
public interface RouterTarget {

    /** The target's name, as in logs and errors. */
    String name();

    /**
     * Points {@code service} in the workload's namespace at the pods of {@code revisionId}, keeping
     * the rest of its selector; no call when it already selects them.
     */
    void pointService(WorkloadRef workload, String service, String revisionId);

    /** The pod label (key and value) that selects only the pods of {@code revisionId}. */
    Map.Entry<String, String> podLabel(WorkloadRef workload, String revisionId);
}
