package dev.rollout.k8s.traffic;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.k8s.internal.Kube;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the router for a {@link TrafficRouting} kind: {@code gatewayAPI} (or Argo's plugin name
 * {@code argoproj-labs/gatewayAPI}), {@code smi}, {@code istio}, {@code nginx}.
 */
public final class TrafficRouters {
    private TrafficRouters() {
    }

    /**
     * A copy of the canary's routing carrying its {@code stableService} and
     * {@code canaryService} (Argo keeps them beside {@code trafficRouting}, not inside), so the
     * router uses the Services the rollout names instead of {@code <workload>-stable} and
     * {@code <workload>-canary}. Settings already in the routing block win.
     */
    public static Optional<TrafficRouting> withServices(CanaryStrategy canary) {
        return canary.routingWithServices();
    }

    /**
     * The router for {@code routing}, or empty when the kind is not one of ours; called by
     * {@code KubernetesClusterTarget.trafficRouter}.
     */
    public static Optional<TrafficRouter> create(KubernetesClusterTarget target, Kube kube,
            WorkloadRef workload, TrafficRouting routing) {
        RouterConfig config = RouterConfig.of(workload, routing);
        String kind = routing.kind().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "gatewayapi", "argoproj-labs/gatewayapi" ->
                    Optional.of(new GatewayApiRouter(target, kube, config));
            case "smi" -> Optional.of(new SmiRouter(target, kube, config));
            case "istio" -> Optional.of(new IstioRouter(target, kube, config));
            case "nginx" -> Optional.of(new NginxRouter(target, kube, config));
            default -> Optional.empty();
        };
    }
}
