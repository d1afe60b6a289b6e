package dev.rollout.k8s.traffic;

import dev.rollout.api.spi.TrafficRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router factories of a Kubernetes target, by kind: an open set, not a closed switch. Built
 * by {@code KubernetesClusterTarget.Builder}; immutable and thread-safe once built.
 */
public final class TrafficRouterRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficRouterRegistry.class);

    /** Factories by lower-cased kind and alias. */
    private final Map<String, TrafficRouterFactory> byName;
    private final List<String> kinds;

    private TrafficRouterRegistry(Builder builder) {
        this.byName = Map.copyOf(builder.byName);
        this.kinds = List.copyOf(builder.kinds.values());
    }

    /** A builder holding the built-in kinds. */
    public static Builder builder() {
        Builder builder = new Builder();
        TrafficRouters.builtIns().forEach(builder::register);
        return builder;
    }

    /** The registered kinds, in registration order. */
    public List<String> kinds() {
        return kinds;
    }

    /** The factory for {@code kind} (or one of its aliases), ignoring case. */
    public Optional<TrafficRouterFactory> factory(String kind) {
        return Optional.ofNullable(byName.get(kind.toLowerCase(Locale.ROOT)));
    }

    /**
     * The router for {@code context.routing()}, or empty (logged, naming the registered kinds) when
     * no factory serves its kind.
     */
    public Optional<TrafficRouter> create(RouterContext context) {
        String kind = context.routing().kind();
        Optional<TrafficRouterFactory> factory = factory(kind);
        if (factory.isEmpty()) {
            LOG.warn("{} on {}: traffic routing kind '{}' is not supported; supported kinds: {} (register "
                    + "a TrafficRouterFactory on KubernetesClusterTarget.builder(..).trafficRouter(..) to add one)",
                    context.workload(), context.target().name(), kind, String.join(", ", kinds));
            return Optional.empty();
        }
        return Optional.of(Objects.requireNonNull(factory.get().create(context),
                () -> "TrafficRouterFactory for '" + kind + "' returned no router"));
    }

    @Override
    public String toString() {
        return "TrafficRouterRegistry" + kinds;
    }

    /** Collects factories; a later factory for a kind or alias replaces the earlier one. */
    public static final class Builder {
        private final Map<String, TrafficRouterFactory> byName = new LinkedHashMap<>();
        private final Map<String, String> kinds = new LinkedHashMap<>();

        private Builder() {
        }

        /** Registers {@code factory} for its kind and aliases, replacing any factory registered for them. */
        public Builder register(TrafficRouterFactory factory) {
            Objects.requireNonNull(factory, "factory");
            String kind = Objects.requireNonNull(factory.kind(), "factory.kind()");
            if (kind.isBlank()) {
                throw new IllegalArgumentException("factory.kind() must not be blank: " + factory);
            }
            List<String> names = new ArrayList<>();
            names.add(kind);
            names.addAll(factory.aliases());
            for (String name : names) {
                TrafficRouterFactory replaced = byName.put(name.toLowerCase(Locale.ROOT), factory);
                if (replaced != null && replaced != factory) {
                    LOG.info("traffic router kind '{}': {} replaces {}", name, factory, replaced);
                }
            }
            kinds.put(kind.toLowerCase(Locale.ROOT), kind);
            return this;
        }

        /**
         * Registers every factory {@link ServiceLoader} finds on {@code loader} (opt-in), logging
         * each one found.
         */
        public Builder discover(ClassLoader loader) {
            for (TrafficRouterFactory factory : ServiceLoader.load(TrafficRouterFactory.class, loader)) {
                LOG.info("discovered traffic router kind '{}' ({})", factory.kind(), factory.getClass().getName());
                register(factory);
            }
            return this;
        }

        /** The registry. */
        public TrafficRouterRegistry build() {
            return new TrafficRouterRegistry(this);
        }
    }
}
