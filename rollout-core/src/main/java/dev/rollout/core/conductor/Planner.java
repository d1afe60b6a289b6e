package dev.rollout.core.conductor;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.RevisionSource;
import dev.rollout.core.conductor.DeployPlan;
import dev.rollout.core.conductor.config.ClusterConfig;
import dev.rollout.core.conductor.config.EnvironmentConfig;
import dev.rollout.core.conductor.config.ServiceConfig;
import dev.rollout.core.conductor.config.WaveConfig;
import dev.rollout.core.conductor.values.HelmValues;
import dev.rollout.core.conductor.values.MergedValues;
import dev.rollout.core.conductor.versions.ClusterVersion;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Works out a deploy's plan: per cluster the merged values and what they drive (replicas, image,
 * analysis args). Every problem of every cluster is collected before anything runs.
 */
final class Planner {
    /** Values keys with a meaning to the conductor. */
    public static final String REPLICAS = "replicaCount";
    public static final String IMAGE_REPOSITORY = "image.repository";
    public static final String IMAGE_TAG = "image.tag";
    public static final String ANALYSIS_ARGS = "analysis.args";

    private Planner() {
    }

    /**
     * The plan of deploying {@code revision} to {@code environment}.
     *
     * @throws InvalidSpecException with every problem of every cluster's values
     */
    public static DeployPlan plan(ServiceConfig config, RolloutSpec rollout,
            EnvironmentConfig environment, Revision revision, EnvironmentVersions versions,
            RevisionSource source) {
        List<SpecProblem> problems = new ArrayList<>();
        List<DeployPlan.Wave> waves = new ArrayList<>();
        for (WaveConfig wave : environment.waves()) {
            List<DeployPlan.Cluster> clusters = new ArrayList<>();
            for (String cluster : wave.clusters()) {
                try {
                    clusters.add(cluster(config, rollout, environment.name(), wave.index(), cluster,
                            revision, versions.clusters().get(cluster), source));
                } catch (InvalidSpecException e) {
                    problems.addAll(e.problems());
                }
            }
            waves.add(new DeployPlan.Wave(wave.index(), wave.parallel(), wave.gate(), clusters));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        return new DeployPlan(config.name(), environment.name(), revision, environment.preDeploy(),
                waves);
    }

    private static DeployPlan.Cluster cluster(ServiceConfig config, RolloutSpec rollout,
            String environment, int wave, String cluster, Revision revision,
            ClusterVersion current, RevisionSource source) {
        MergedValues values = HelmValues.forCluster(config.chart(), environment, cluster);
        List<String> files = HelmValues.valueFiles(config.chart(), environment, cluster).stream()
                .map(Path::toString).toList();
        OptionalInt replicas = values.integer(REPLICAS);
        if (replicas.isPresent() && replicas.getAsInt() < 0) {
            String where = values.provenance(REPLICAS).map(Object::toString).orElse("values");
            throw new InvalidSpecException(new SpecProblem(where, 0, REPLICAS,
                    "must not be negative, was " + replicas.getAsInt()));
        }
        Optional<String> namespace = Optional.ofNullable(config.clusters().get(cluster))
                .flatMap(ClusterConfig::namespace);
        Optional<String> placed = namespace.or(rollout::namespace);
        if (placed.isEmpty()) {
            throw new InvalidSpecException(new SpecProblem(config.rollout().toString(), 0,
                    "metadata.namespace", "the Rollout names no namespace and spec.clusters."
                            + cluster + ".namespace is not set in " + config.file()
                            + ": the conductor will not guess one"));
        }
        RolloutSpec spec = new RolloutSpec(rollout.name(), placed.get(),
                replicas.orElse(rollout.replicas()), rollout.strategy(),
                rollout.progressDeadlineSeconds(), rollout.progressDeadlineAbort(),
                labels(rollout, config.name(), environment, cluster));
        Map<String, String> args = new LinkedHashMap<>();
        args.put("service", config.name());
        args.put("environment", environment);
        args.put("cluster", cluster);
        args.put("revision", revision.id());
        // The values may set any arg, the automatic ones too (docs/service-config.md).
        args.putAll(values.strings(ANALYSIS_ARGS));
        Optional<Revision> previous = Optional.ofNullable(current).map(ClusterVersion::revision);
        List<Commit> commits = previous.map(p -> commits(source, p, revision)).orElse(List.of());
        return new DeployPlan.Cluster(cluster, wave, spec, withImage(revision, values), values,
                files, args, previous, commits);
    }

    /** The revision with the image its values name; without {@code image.repository}, as is. */
    static Revision withImage(Revision revision, MergedValues values) {
        Optional<String> repository = values.string(IMAGE_REPOSITORY);
        if (repository.isEmpty()) {
            return revision;
        }
        String tag = values.string(IMAGE_TAG)
                .or(() -> Optional.ofNullable(revision.attributes().get("tag")))
                .orElse(revision.id());
        Map<String, String> attributes = new HashMap<>(revision.attributes());
        attributes.put("image", repository.get() + ":" + tag);
        return new Revision(revision.id(), attributes);
    }

    private static List<Commit> commits(RevisionSource source, Revision from, Revision to) {
        if (from.id().equals(to.id())) {
            return List.of();
        }
        try {
            return source.commitsBetween(from, to);
        } catch (RolloutException e) {
            // The cluster may run a revision the source no longer knows: no list, not a failure.
            return List.of();
        }
    }

    private static Map<String, String> labels(RolloutSpec rollout, String service,
            String environment, String cluster) {
        Map<String, String> labels = new LinkedHashMap<>(rollout.labels());
        labels.put("rollout.dev/service", service);
        labels.put("rollout.dev/environment", environment);
        labels.put("rollout.dev/cluster", cluster);
        return labels;
    }
}
