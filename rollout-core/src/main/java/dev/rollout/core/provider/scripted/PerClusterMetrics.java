package dev.rollout.core.provider.scripted;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Scripted metrics for a deploy: the values every cluster measures, and per cluster the metrics
 * it scripts differently (the others fall back to the shared ones), so one region can be
 * scripted to fail.
 *
 * <pre>{@code
 * metrics:
 *   success-rate: {values: [[0.99]]}
 * clusters:
 *   eu-west:
 *     metrics:
 *       success-rate: {values: [[0.99], [0.80]]}
 * }</pre>
 *
 * @param shared what every cluster measures
 * @param clusters per cluster, its own scripts over the shared ones
 */
public record PerClusterMetrics(ScriptedMetrics shared, Map<String, ScriptedMetrics> clusters) {
    public PerClusterMetrics {
        Objects.requireNonNull(shared, "shared");
        clusters = Map.copyOf(clusters);
    }

    /** Reads a metrics file; every problem names the file, line and field. */
    public static PerClusterMetrics load(Path file) {
        return ScriptedMetricsFile.loadPerCluster(file);
    }

    /** Parses metrics from text. */
    public static PerClusterMetrics parse(String displayName, String content) {
        return ScriptedMetricsFile.parsePerCluster(displayName, content);
    }
}
