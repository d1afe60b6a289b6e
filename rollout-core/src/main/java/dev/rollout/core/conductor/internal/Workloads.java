package dev.rollout.core.conductor.internal;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutSpec;
import java.util.LinkedHashSet;
import java.util.Set;

/** The workload, rollout id and services of a rollout spec. */
final class Workloads {
    private Workloads() {
    }

    static WorkloadRef of(RolloutSpec spec) {
        return new WorkloadRef(spec.namespace().orElseThrow(), spec.name());
    }

    static String id(RolloutSpec spec) {
        return spec.namespace().orElseThrow() + "/" + spec.name();
    }

    /** The services the strategy switches or routes through. */
    static Set<String> services(RolloutSpec spec) {
        Set<String> services = new LinkedHashSet<>();
        if (spec.strategy() instanceof BlueGreenStrategy blueGreen) {
            services.add(blueGreen.activeService());
            blueGreen.previewService().ifPresent(services::add);
        } else if (spec.strategy() instanceof CanaryStrategy canary) {
            canary.stableService().ifPresent(services::add);
            canary.canaryService().ifPresent(services::add);
        }
        return services;
    }
}
