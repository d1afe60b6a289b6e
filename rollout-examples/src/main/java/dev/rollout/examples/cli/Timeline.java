package dev.rollout.examples.cli;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Prints a readable timeline of rollout events as they happen, each line stamped with the time
 * since the start (virtual time in {@code simulate}, real time in {@code demo}).
 */
final class Timeline implements RolloutListener {
    private final PrintStream out;
    private final Instant start;
    private final boolean showMeasurements;

    Timeline(PrintStream out, Instant start, boolean showMeasurements) {
        this.out = out;
        this.start = start;
        this.showMeasurements = showMeasurements;
    }

    @Override
    public void onEvent(RolloutEvent event) {
        String line = describe(event);
        if (line != null) {
            out.println("[" + stamp(Duration.between(start, event.at())) + "] " + line);
            out.flush();
        }
    }

    private static final Map<Class<?>, String> LABELS = Map.ofEntries(
            Map.entry(RolloutEvent.Started.class, "start    "),
            Map.entry(RolloutEvent.StepStarted.class, "step     "),
            Map.entry(RolloutEvent.StepCompleted.class, "step     "),
            Map.entry(RolloutEvent.PhaseChanged.class, "phase    "),
            Map.entry(RolloutEvent.AnalysisMeasured.class, "measure  "),
            Map.entry(RolloutEvent.ServiceSwitched.class, "switch   "),
            Map.entry(RolloutEvent.Paused.class, "pause    "),
            Map.entry(RolloutEvent.Resumed.class, "resume   "),
            Map.entry(RolloutEvent.Aborted.class, "ABORT    "),
            Map.entry(RolloutEvent.Promoted.class, "PROMOTED "),
            Map.entry(RolloutEvent.AnalysisPhaseChanged.class, "analysis "),
            Map.entry(RolloutEvent.Warning.class, "warning  "));

    private String describe(RolloutEvent event) {
        if (event instanceof RolloutEvent.WeightChanged e) {
            return String.format("weight   %3d%%  canary %d  stable %d", e.canaryWeight(),
                    e.canaryReplicas(), e.stableReplicas());
        } else if (event instanceof RolloutEvent.AnalysisMeasured && !showMeasurements) {
            return null;
        }
        return LABELS.getOrDefault(event.getClass(), "warning  ") + event.message();
    }

    /** {@code 1h02m03s}, {@code 4m05s}, {@code 6.2s}. */
    static String stamp(Duration elapsed) {
        long millis = Math.max(0, elapsed.toMillis());
        long seconds = millis / 1000;
        if (seconds >= 3600) {
            return String.format("%dh%02dm%02ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
        }
        if (seconds >= 60) {
            return String.format("%5dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format("%7.1fs", millis / 1000.0);
    }
}
