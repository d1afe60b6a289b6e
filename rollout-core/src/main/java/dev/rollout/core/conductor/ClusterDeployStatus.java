package dev.rollout.core.conductor;

import java.util.Map;
import java.util.Objects;

/**
 * One cluster of a deploy.
 *
 * @param name the cluster's name
 * @param wave the cluster's wave, from 0
 * @param phase {@code Pending}, {@code Progressing}, {@code Paused}, {@code Healthy},
 *     {@code Degraded}, {@code RolledBack} or {@code Skipped} (a later wave after a failure)
 * @param revision the revision this deploy puts on the cluster
 * @param previousRevision what the cluster ran before, or null on a first deploy
 * @param replicas the replicas its merged values ask for
 * @param values the cluster's merged values
 * @param message why it stands where it stands
 */
public record ClusterDeployStatus(String name, int wave, String phase, String revision,
        String previousRevision, int replicas, Map<String, Object> values, String message) {

    public ClusterDeployStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(revision, "revision");
        values = values == null ? Map.of() : values;
        message = message == null ? "" : message;
    }
}
