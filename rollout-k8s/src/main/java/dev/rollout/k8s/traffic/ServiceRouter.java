package dev.rollout.k8s.traffic;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part every Kubernetes router shares: it points the stable and canary Services at their
 * revisions' pods, then sets the weights its own way. Subclasses are thread-safe and idempotent.
 */
abstract class ServiceRouter implements TrafficRouter {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRouter.class);

    protected final RouterTarget target;
    protected final Kube kube;
    protected final RouterConfig config;

    ServiceRouter(RouterTarget target, Kube kube, RouterConfig config) {
        this.target = target;
        this.kube = kube;
        this.config = config;
    }

    @Override
    public final void setWeight(WorkloadRef workload, String stableRevision, String canaryRevision,
            int canaryWeight) {
        if (canaryWeight < 0 || canaryWeight > 100) {
            throw new IllegalArgumentException("canaryWeight must be 0..100, was " + canaryWeight);
        }
        if (config.manageSelectors() && usesServices()) {
            target.pointService(workload, config.stableService(), stableRevision);
            if (!canaryRevision.equals(stableRevision)) {
                target.pointService(workload, config.canaryService(), canaryRevision);
            }
        }
        applyWeight(workload, stableRevision, canaryRevision, canaryWeight);
        LOG.debug("{}: {} router sends {}% to {}", workload, config.kind(), canaryWeight,
                canaryRevision);
    }

    /** Whether stable and canary differ by Service (false for subset-based Istio routing). */
    protected boolean usesServices() {
        return true;
    }

    /** Writes the weights; weights always sum to 100. */
    protected abstract void applyWeight(WorkloadRef workload, String stableRevision,
            String canaryRevision, int canaryWeight);

    /** Namespace of the routing objects: the block's {@code namespace}, else the workload's. */
    protected String namespace(WorkloadRef workload) {
        return config.string("namespace").orElse(workload.namespace());
    }

    /**
     * Runs a read-modify-write that loses races by 409 Conflict or by a failed JSON patch
     * {@code test} (422), re-reading each time.
     */
    protected <T> T rmw(String what, Supplier<T> attempt) {
        return kube.retrying(what, ServiceRouter::lostTest, attempt);
    }

    private static boolean lostTest(KubeCallException e) {
        return e.code() == 422;
    }
}
