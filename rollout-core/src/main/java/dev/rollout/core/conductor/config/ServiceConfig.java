package dev.rollout.core.conductor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's deployment config ({@code apiVersion: rollout.dev/v1alpha1}, {@code kind: Service}):
 * its chart, its rollout strategy, where its revisions come from, and its environments with their
 * clusters in waves. Loaded and checked by {@link ServiceConfigLoader}; immutable.
 *
 * @param name {@code metadata.name}
 * @param file the config file, absolute; paths in it are relative to its directory
 * @param chart the chart directory ({@code spec.chart}) holding the values files
 * @param rollout the Argo Rollout (+ AnalysisTemplates) file ({@code spec.rollout})
 * @param source where revisions come from ({@code spec.source})
 * @param environments {@code spec.environments}, in file order; never empty
 * @param clusters {@code spec.clusters}: clusters mapped to real Kubernetes contexts; a cluster
 *     not listed runs on an embedded cluster
 */
public record ServiceConfig(String name, Path file, Path chart, Path rollout, SourceConfig source,
        List<EnvironmentConfig> environments, Map<String, ClusterConfig> clusters) {

    public ServiceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(chart, "chart");
        Objects.requireNonNull(rollout, "rollout");
        Objects.requireNonNull(source, "source");
        environments = List.copyOf(environments);
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }

    /** The environment with this name, if the config has one. */
    public Optional<EnvironmentConfig> environment(String environmentName) {
        return environments.stream().filter(e -> e.name().equals(environmentName)).findFirst();
    }

    /** The environments' names in file order. */
    public List<String> environmentNames() {
        return environments.stream().map(EnvironmentConfig::name).toList();
    }
}
