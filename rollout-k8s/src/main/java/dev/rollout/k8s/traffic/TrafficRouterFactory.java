package dev.rollout.k8s.traffic;

import dev.rollout.api.spi.TrafficRouter;
import java.util.Set;

/**
 * Creates the {@link TrafficRouter} for one kind of {@code trafficRouting} (a mesh, a gateway, an
 * ingress) on a Kubernetes target. The built-in kinds ({@code gatewayAPI}, {@code smi},
 * {@code istio}, {@code nginx}) are registered on every target; register another kind, or replace
 * a built-in one, with {@code KubernetesClusterTarget.Builder.trafficRouter(factory)}. Discovery
 * through {@link java.util.ServiceLoader} ({@code META-INF/services/dev.rollout.k8s.traffic.TrafficRouterFactory},
 * a public no-argument constructor) happens only when asked for with
 * {@code Builder.discoverTrafficRouters()}. Implementations are thread-safe; a router they create
 * keeps {@link TrafficRouter}'s contract, which {@code TrafficRouterCompatibilityKit} of
 * rollout-testkit checks.
 */
public interface TrafficRouterFactory {

    /** The kind this factory serves, as written in {@code trafficRouting} (matched ignoring case). */
    String kind();

    /** Other names of the same kind (Argo's plugin names), matched ignoring case; none by default. */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * A router for {@code context.workload()} configured by {@code context.routing()}.
     *
     * @throws dev.rollout.api.InvalidSpecException naming the field when the routing block is
     *     missing a setting or holds a bad one
     */
    TrafficRouter create(RouterContext context);
}
