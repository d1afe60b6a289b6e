package dev.rollout.core.conductor.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment of a service ({@code spec.environments[]}).
 *
 * @param name the environment's name, unique in the config
 * @param after the environment a revision must have reached, fully promoted on every cluster,
 *     before it may start here
 * @param waves the clusters in waves, deployed in order; never empty
 * @param preDeploy hooks run once before the first wave; a failure stops the deploy before any
 *     cluster changes
 * @param notifications {@code notify[]}: where to tell people about deploys
 * @param onFailure what a failed cluster or gate does to the rest of the deploy
 */
public record EnvironmentConfig(String name, Optional<String> after, List<WaveConfig> waves,
        List<HookConfig> preDeploy, List<NotifyConfig> notifications, OnFailure onFailure) {

    public EnvironmentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(after, "after");
        waves = List.copyOf(waves);
        preDeploy = preDeploy == null ? List.of() : List.copyOf(preDeploy);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        Objects.requireNonNull(onFailure, "onFailure");
    }

    /** Every cluster of the environment, wave by wave. */
    public List<String> clusters() {
        return waves.stream().flatMap(w -> w.clusters().stream()).toList();
    }

    /** The wave a cluster is in, if it is in this environment. */
    public Optional<WaveConfig> waveOf(String cluster) {
        return waves.stream().filter(w -> w.clusters().contains(cluster)).findFirst();
    }

    /** {@code onFailure}: what a failure does to the clusters of a deploy. */
    public enum OnFailure {
        /** Later waves do not run; clusters already done keep the new revision. */
        halt,
        /** Later waves do not run and clusters already done return to their previous revision. */
        rollback
    }
}
