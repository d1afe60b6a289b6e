package dev.rollout.core.report;

import dev.rollout.core.report.TimelineEntry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded entries sorted into lanes: one per cluster (or rollout) and one per deploy, with
 * the time span all charts share.
 */
record ReportModel(Map<String, ClusterLane> clusters, Map<String, DeployLane> deploys,
        Instant start, Instant end) {

    /** Sorts {@code entries} (in arrival order) into lanes. */
    public static ReportModel of(List<TimelineEntry> entries) {
        Map<String, ClusterLane> clusters = new LinkedHashMap<>();
        Map<String, DeployLane> deploys = new LinkedHashMap<>();
        Instant start = null;
        Instant end = null;
        for (TimelineEntry entry : entries) {
            Instant at = entry.at();
            start = start == null || at.isBefore(start) ? at : start;
            end = end == null || at.isAfter(end) ? at : end;
            if (entry instanceof TimelineEntry.Rollout r) {
                String label = r.cluster() == null ? r.event().rolloutId()
                        : r.cluster() + (r.environment() == null ? "" : " (" + r.environment() + ")");
                String key = r.cluster() == null ? "rollout\u0000" + r.event().rolloutId()
                        : "cluster\u0000" + r.environment() + "\u0000" + r.cluster();
                clusters.computeIfAbsent(key, k -> new ClusterLane(label)).add(r.event());
            } else if (entry instanceof TimelineEntry.Deploy d) {
                deploys.computeIfAbsent(d.event().requestId(), DeployLane::new).add(d.event());
            }
        }
        Instant now = Instant.EPOCH;
        return new ReportModel(clusters, deploys, start == null ? now : start, end == null ? now : end);
    }
}
