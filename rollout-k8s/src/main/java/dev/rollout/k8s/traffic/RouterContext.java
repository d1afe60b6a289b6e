package dev.rollout.k8s.traffic;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.k8s.RetryPolicy;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Kube;
import java.util.Objects;

/**
 * What a {@link TrafficRouterFactory} gets to build a router: the target (to point Services at a
 * revision's pods with {@code pointService}), its connection (the official client's
 * {@code ApiClient}), its retry policy, the workload and the routing block. Immutable.
 */
public final class RouterContext {
    private final RouterTarget target;
    private final KubernetesConnection connection;
    private final RetryPolicy retryPolicy;
    private final WorkloadRef workload;
    private final TrafficRouting routing;
    private final RouterConfig config;

    /** A context for routing {@code workload} on {@code target} as {@code routing} says. */
    public RouterContext(RouterTarget target, KubernetesConnection connection,
            RetryPolicy retryPolicy, WorkloadRef workload, TrafficRouting routing) {
        this.target = Objects.requireNonNull(target, "target");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.config = RouterConfig.of(workload, routing);
    }

    /** The target routed on. */
    public RouterTarget target() {
        return target;
    }

    /** The target's connection to its cluster. */
    public KubernetesConnection connection() {
        return connection;
    }

    /** How the target retries failed calls; a router's own calls should follow it. */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The workload routed. */
    public WorkloadRef workload() {
        return workload;
    }

    /** The routing block as written in the rollout. */
    public TrafficRouting routing() {
        return routing;
    }

    /** The routing block read: its settings and the stable and canary Services. */
    public RouterConfig config() {
        return config;
    }

    /** A client for the built-in routers, on the target's connection and retry policy. */
    Kube kube() {
        return new Kube(connection.client(), retryPolicy);
    }
}
