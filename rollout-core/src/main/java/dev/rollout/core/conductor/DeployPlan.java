package dev.rollout.core.conductor;

import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.conductor.config.GateConfig;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.values.MergedValues;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deploy will do, worked out before anything changes: the waves, each cluster's merged
 * values with their provenance, its rollout and revision, and the hooks. {@code deploy --dry-run}
 * prints it. Immutable.
 *
 * @param service the service
 * @param environment the environment
 * @param revision the revision as the source resolved it
 * @param hooks the pre-deploy hooks, in order
 * @param waves the waves, in order
 */
public record DeployPlan(String service, String environment, Revision revision,
        List<HookConfig> hooks, List<Wave> waves) {

    public DeployPlan {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(revision, "revision");
        hooks = List.copyOf(hooks);
        waves = List.copyOf(waves);
    }

    /** Every cluster, wave by wave. */
    public List<Cluster> clusters() {
        return waves.stream().flatMap(w -> w.clusters().stream()).toList();
    }

    /** The cluster of that name, if the plan has it. */
    public Optional<Cluster> cluster(String name) {
        return clusters().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * One wave.
     *
     * @param index its position, from 0
     * @param parallel whether its clusters roll out at once
     * @param gate what must pass after it
     * @param clusters its clusters, in order
     */
    public record Wave(int index, boolean parallel, Optional<GateConfig> gate, List<Cluster> clusters) {
        public Wave {
            Objects.requireNonNull(gate, "gate");
            clusters = List.copyOf(clusters);
        }
    }

    /**
     * One cluster.
     *
     * @param name the cluster
     * @param wave its wave
     * @param spec the rollout as it runs there (replicas and namespace from its values and config)
     * @param revision the revision as it runs there (its image from the values)
     * @param values its merged values
     * @param valueFiles the values files merged, in order (what an Argo CD target gets as
     *     {@code helm.valueFiles})
     * @param analysisArgs the args its analysis templates get: {@code service}, {@code environment},
     *     {@code cluster}, {@code revision} and {@code analysis.args.*} from the values
     * @param previous the revision the version store says it runs, if any
     * @param commits the commits since {@code previous}, newest first
     */
    public record Cluster(String name, int wave, RolloutSpec spec, Revision revision,
            MergedValues values, List<String> valueFiles, Map<String, String> analysisArgs,
            Optional<Revision> previous, List<Commit> commits) {
        public Cluster {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(spec, "spec");
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(values, "values");
            valueFiles = List.copyOf(valueFiles);
            analysisArgs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(analysisArgs));
            Objects.requireNonNull(previous, "previous");
            commits = List.copyOf(commits);
        }
    }
}
