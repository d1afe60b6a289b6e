package dev.rollout.core.report;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.conductor.ClusterRolloutListener;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.DeployListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the events of rollouts and deploys for a {@link TimelineReport}. Register it on an
 * engine or simulation ({@code listener(recorder)}) or on a conductor, both as
 * {@code listener(recorder)} and {@code rolloutListener(recorder)}. Recording only appends an
 * immutable entry, so it returns fast on the engine's thread. Thread-safe.
 *
 * <pre>{@code
 * TimelineRecorder recorder = new TimelineRecorder();
 * Simulation.builder().spec(spec).listener(recorder).build().run();
 * TimelineReport.builder().build().write(recorder.entries(), Path.of("report.html"));
 * }</pre>
 */
public final class TimelineRecorder implements ClusterRolloutListener, DeployListener {
    private final List<TimelineEntry> entries = new ArrayList<>();

    /** A recorder with nothing recorded yet. */
    public TimelineRecorder() {
    }

    @Override
    public void onClusterEvent(String environment, String cluster, RolloutEvent event) {
        append(new TimelineEntry.Rollout(environment, cluster, event));
    }

    @Override
    public void onEvent(DeployEvent event) {
        append(new TimelineEntry.Deploy(event));
    }

    private void append(TimelineEntry entry) {
        synchronized (entries) {
            entries.add(entry);
        }
    }

    /** What was recorded so far, in arrival order; never null, possibly empty, immutable. */
    public List<TimelineEntry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
