package dev.rollout.core.conductor;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.RolloutSpec;
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
        return dev.rollout.core.simulation.Simulation.services(spec);
    }
}
