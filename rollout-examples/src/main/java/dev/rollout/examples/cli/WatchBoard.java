package dev.rollout.examples.cli;

import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.conductor.DeployEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live view's state: one row per cluster, updated from rollout and deploy events as they
 * arrive, each change handed to the {@link WatchWriter} as a new frame. Thread-safe: events of
 * parallel clusters may come from several threads.
 */
final class WatchBoard {
    /** The cluster column of a simulation. */
    static final String EMBEDDED = "embedded";

    private final String title;
    private final WatchWriter writer;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private String status = "";
    private Instant last;

    WatchBoard(String title, WatchWriter writer, Instant start) {
        this.title = title;
        this.writer = writer;
        this.last = start;
    }

    /**
     * The board {@code --watch} asks for, or null without it. With {@code --json} the view goes to
     * standard error as plain lines, so standard output stays exactly the JSON document.
     */
    static WatchBoard open(WatchOptions options, boolean json, java.io.PrintStream out,
            java.io.PrintStream err, Map<String, String> env, String title, Instant start) {
        if (options == null || !options.watch) {
            return null;
        }
        WatchWriter writer = json ? new PlainWatchWriter(new java.io.OutputStreamWriter(err,
                java.nio.charset.Charset.defaultCharset()), start)
                : WatchWriter.choose(out, env, options.noColor, start);
        return new WatchBoard(title, writer, start);
    }

    /** The steps of a canary strategy, 0 for blue/green (its stages are not steps). */
    static int stepCount(dev.rollout.api.model.RolloutSpec spec) {
        return spec.strategy() instanceof dev.rollout.api.model.CanaryStrategy canary
                ? canary.steps().size() : 0;
    }

    /** Shows {@code cluster} as Pending before its rollout starts; {@code stepCount} 0 if unknown. */
    synchronized void expect(String cluster, int stepCount) {
        rows.computeIfAbsent(cluster, c -> new Row()).stepCount = stepCount;
    }

    /** Applies a rollout event of {@code cluster} and redraws. */
    synchronized void onRolloutEvent(String cluster, RolloutEvent event) {
        Row row = rows.computeIfAbsent(cluster, c -> new Row());
        if (event instanceof RolloutEvent.Started) {
            row.phase = "Progressing";
            row.step = Math.max(row.step, 0);
        } else if (event instanceof RolloutEvent.StepStarted e) {
            row.step = e.stepIndex();
        } else if (event instanceof RolloutEvent.StepCompleted e) {
            row.step = e.stepIndex() + 1;
        } else if (event instanceof RolloutEvent.WeightChanged e) {
            row.weight = e.canaryWeight();
            row.canary = e.canaryReplicas();
            row.stable = e.stableReplicas();
        } else if (event instanceof RolloutEvent.PhaseChanged e) {
            // Keep the pause's reason and the abort, which came with their own events.
            if (!row.phase.startsWith(e.to().name() + " (")) {
                row.phase = e.to().name();
            }
        } else if (event instanceof RolloutEvent.Paused e) {
            row.phase = "Paused (" + e.reason() + ")";
        } else if (event instanceof RolloutEvent.Resumed) {
            row.phase = "Progressing";
        } else if (event instanceof RolloutEvent.Aborted) {
            row.phase = "Degraded (aborted)";
        } else if (event instanceof RolloutEvent.Promoted) {
            row.phase = "Healthy";
            row.step = row.stepCount > 0 ? row.stepCount : row.step;
        } else if (event instanceof RolloutEvent.AnalysisMeasured e) {
            Measurement m = e.measurement();
            row.measurement = e.metricName() + "=" + m.value().orElse("none") + " " + m.phase();
        } else if (event instanceof RolloutEvent.AnalysisPhaseChanged e && e.metricName().isEmpty()
                && e.phase().isCompleted()) {
            row.analysis = e.phase().name();
        }
        redraw(event.at());
    }

    /** Applies a deploy event (a cluster's start and end, gates, approvals) and redraws. */
    synchronized void onDeployEvent(DeployEvent event) {
        if (event.cluster() != null) {
            Row row = rows.computeIfAbsent(event.cluster(), c -> new Row());
            switch (event.type()) {
                case ClusterStarted -> row.phase = "Progressing";
                case ClusterHealthy -> row.phase = "Healthy";
                case ClusterFailed -> row.phase = row.phase.startsWith("Degraded") ? row.phase : "Failed";
                case ClusterSkipped -> row.phase = "Skipped";
                case ClusterRolledBack -> row.phase = "RolledBack";
                default -> {
                    // Other cluster events leave the row as the rollout events set it.
                }
            }
        } else {
            status = event.type().name();
        }
        redraw(event.at());
    }

    /** Draws the last frame if the rate limit held it back. */
    synchronized void finish() {
        writer.finish();
    }

    /** The rows as they stand. */
    synchronized List<WatchRow> snapshot() {
        List<WatchRow> out = new ArrayList<>();
        rows.forEach((cluster, row) -> out.add(row.toRow(cluster)));
        return out;
    }

    private void redraw(Instant at) {
        if (at.isAfter(last)) {
            last = at;
        }
        writer.frame(last, status.isEmpty() ? title : title + "  " + status, snapshot());
    }

    /** A cluster's mutable state; only touched under the board's lock. */
    private static final class Row {
        int stepCount;
        int step = -1;
        int weight;
        int canary;
        int stable;
        String measurement = "-";
        String phase = "Pending";
        String analysis;

        WatchRow toRow(String cluster) {
            // As Argo shows it: the current step's index (the steps done) of the step count.
            String shown = step < 0 ? "-" : step + (stepCount > 0 ? "/" + stepCount : "");
            return new WatchRow(cluster, shown, weight, canary, stable, measurement,
                    analysis == null ? phase : phase + ", analysis " + analysis);
        }
    }
}
