package dev.rollout.core.conductor.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One wave of an environment ({@code waves[]}).
 *
 * @param index the wave's position, from 0
 * @param clusters the clusters of the wave; never empty
 * @param parallel whether the wave's clusters roll out at once (default: one after another)
 * @param gate what must pass after this wave before the next one starts
 */
public record WaveConfig(int index, List<String> clusters, boolean parallel,
        Optional<GateConfig> gate) {

    public WaveConfig {
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(gate, "gate");
    }
}
