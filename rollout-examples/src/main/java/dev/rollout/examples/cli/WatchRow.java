package dev.rollout.examples.cli;

import java.util.Objects;

/**
 * One line of the live view: where a rollout stands on one cluster.
 *
 * @param cluster the cluster (in {@code simulate}: {@code embedded})
 * @param step the current step index of the step count, {@code 3/8} as Argo shows it, or
 *     {@code -} before the rollout starts
 * @param weight the canary weight in percent
 * @param canaryReplicas the canary side's replicas
 * @param stableReplicas the stable side's replicas
 * @param lastMeasurement {@code metric=value Phase} of the newest measurement, or {@code -}
 * @param verdict the rollout's phase, with the last analysis verdict once one is known
 */
record WatchRow(String cluster, String step, int weight, int canaryReplicas, int stableReplicas,
        String lastMeasurement, String verdict) {
    WatchRow {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(lastMeasurement, "lastMeasurement");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** A cluster nothing has happened on yet. */
    static WatchRow pending(String cluster, String step) {
        return new WatchRow(cluster, step, 0, 0, 0, "-", "Pending");
    }

    /** {@code canary/stable}, as the table shows it. */
    String replicas() {
        return canaryReplicas + "/" + stableReplicas;
    }
}
