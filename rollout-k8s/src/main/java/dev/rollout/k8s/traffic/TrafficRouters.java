package dev.rollout.k8s.traffic;

import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.TrafficRouting;
import dev.rollout.api.spi.TrafficRouter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The built-in router kinds: {@code gatewayAPI} (or Argo's plugin name
 * {@code argoproj-labs/gatewayAPI}), {@code smi}, {@code istio}, {@code nginx}. Every
 * {@link TrafficRouterRegistry} starts with them.
 */
public final class TrafficRouters {
    private TrafficRouters() {
    }

    /** Factories for the built-in kinds. */
    public static List<TrafficRouterFactory> builtIns() {
        return List.of(
                new BuiltIn("gatewayAPI", Set.of("argoproj-labs/gatewayAPI"),
                        c -> new GatewayApiRouter(c.target(), c.kube(), c.config())),
                new BuiltIn("smi", Set.of(), c -> new SmiRouter(c.target(), c.kube(), c.config())),
                new BuiltIn("istio", Set.of(), c -> new IstioRouter(c.target(), c.kube(), c.config())),
                new BuiltIn("nginx", Set.of(), c -> new NginxRouter(c.target(), c.kube(), c.config())));
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

    private record BuiltIn(String kind, Set<String> aliases, Function<RouterContext, TrafficRouter> create)
            implements TrafficRouterFactory {
        @Override
        public TrafficRouter create(RouterContext context) {
            return create.apply(context);
        }

        @Override
        public String toString() {
            return "built-in " + kind + " router";
        }
    }
}
