package dev.rollout.micrometer;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.model.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters one engine's events feed: what it keeps per rollout id (phase, step in progress, runs
 * in flight) is its own, so two clusters of a conductor running the same rollout never mix.
 * Events of one rollout come one at a time, those of different rollouts concurrently.
 */
final class EngineMeters implements RolloutListener {
    private final MicrometerRolloutMetrics metrics;
    private final Map<String, RolloutPhase> phases = new ConcurrentHashMap<>();
    private final Map<String, StepStart> steps = new ConcurrentHashMap<>();
    private final Map<String, AnalysisPhase> runs = new ConcurrentHashMap<>();

    private record StepStart(int index, Instant at) {
    }

    EngineMeters(MicrometerRolloutMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onEvent(RolloutEvent event) {
        String id = event.rolloutId();
        boolean warning = event instanceof RolloutEvent.Warning || event instanceof RolloutEvent.Aborted;
        metrics.event(warning ? "Warning" : "Normal", event.getClass().getSimpleName());
        if (event instanceof RolloutEvent.Started) {
            // A new revision starts Progressing with no PhaseChanged, also when it supersedes one.
            metrics.rolloutPhase(phases.put(id, RolloutPhase.Progressing), RolloutPhase.Progressing);
            steps.remove(id);
        } else if (event instanceof RolloutEvent.PhaseChanged p) {
            metrics.rolloutPhase(phases.put(id, p.to()), p.to());
        } else if (event instanceof RolloutEvent.StepStarted s) {
            steps.put(id, new StepStart(s.stepIndex(), s.at()));
        } else if (event instanceof RolloutEvent.StepCompleted c) {
            StepStart start = steps.remove(id);
            if (start != null && start.index() == c.stepIndex()) {
                Duration took = Duration.between(start.at(), c.at());
                metrics.step(c.stepType(), took.isNegative() ? Duration.ZERO : took);
            }
        } else if (event instanceof RolloutEvent.Aborted || event instanceof RolloutEvent.Promoted) {
            // An aborted step never completes; a promoted rollout has no step left.
            steps.remove(id);
        } else if (event instanceof RolloutEvent.AnalysisPhaseChanged a && a.metricName().isEmpty()) {
            String run = id + "\u0000" + a.runName();
            AnalysisPhase before = a.phase().isCompleted() ? runs.remove(run) : runs.put(run, a.phase());
            metrics.analysisRunPhase(before, a.phase());
        }
    }
}
