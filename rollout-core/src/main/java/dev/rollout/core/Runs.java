package dev.rollout.core;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The analysis runs of one rollout. Runs report through a callback that never takes the rollout's
 * lock: it records the latest status and, once a run completes, asks for a reconcile.
 */
final class Runs {
    private final RolloutMachine machine;
    private final EngineContext ctx;
    private final Map<String, AnalysisRun> live = new HashMap<>(2);
    private final Map<String, AnalysisRunStatus> latest = new ConcurrentHashMap<>(2);

    Runs(RolloutMachine machine, EngineContext ctx) {
        this.machine = machine;
        this.ctx = ctx;
    }

    /** Starts a run named after the rollout, revision and {@code kind}; returns its name. */
    public String start(String kind, AnalysisRef ref) {
        RolloutState s = machine.state();
        if (ctx.launcher() == null) {
            throw new InvalidSpecException(new InvalidSpecException.SpecProblem("<inline>", 0,
                    "spec.strategy", "analysis is configured but the engine has no AnalysisLauncher"));
        }
        s.runCounter(s.runCounter() + 1);
        String name = s.spec().name() + "-" + s.newRevision().id() + "-" + kind + "-" + s.runCounter();
        Map<String, String> context = Map.of("rollout.name", s.spec().name(),
                "rollout.namespace", machine.workload().namespace(), "revision", s.newRevision().id(),
                "stableRevision", s.stableRevision());
        AnalysisRunRequest request = new AnalysisRunRequest(s.id(), machine.workload().namespace(),
                s.newRevision().id(), name, ref, context, machine::analysisEvent);
        AnalysisRun run;
        try {
            run = ctx.launcher().start(request, status -> onUpdate(name, status));
        } catch (RuntimeException e) {
            // A missing template or an unresolvable arg: the run ends in Error, which aborts.
            s.editRuns().put(name, new AnalysisRunStatus(name, AnalysisPhase.Error, List.of(),
                    "could not start: " + e.getMessage()));
            machine.changed();
            machine.log("analysis run " + name + " could not start: " + e.getMessage());
            return name;
        }
        live.put(name, run);
        AnalysisRunStatus first = latest.getOrDefault(name, run.status());
        s.editRuns().put(name, first);
        machine.changed();
        machine.log("analysis run " + name + " started");
        return name;
    }

    private void onUpdate(String name, AnalysisRunStatus status) {
        latest.put(name, status);
        if (status.phase().isCompleted()) {
            ctx.scheduler().execute(machine::requestReconcile);
        }
    }

    /** The run's phase as last reported, copied into the persisted state. */
    public AnalysisPhase phase(String name) {
        AnalysisRunStatus st = status(name);
        return st == null ? AnalysisPhase.Pending : st.phase();
    }

    /** The run's latest status, or null when unknown. */
    public AnalysisRunStatus status(String name) {
        RolloutState s = machine.state();
        AnalysisRunStatus now = latest.get(name);
        if (now == null) {
            return s.runs().get(name);
        }
        AnalysisRunStatus stored = s.runs().get(name);
        if (stored == null || stored.phase() != now.phase() || !stored.message().equals(now.message())) {
            machine.changed();
        }
        s.editRuns().put(name, now);
        if (now.phase().isCompleted()) {
            live.remove(name);
        }
        return now;
    }

    /**
     * What a run that gates a step or stage means for the rollout: passed once it succeeded; an
     * abort when it failed or erred, a pause when inconclusive; otherwise nothing yet.
     */
    public Verdict judge(String name) {
        switch (phase(name)) {
            case Successful:
                return Verdict.PASSED;
            case Failed:
            case Error:
                return new Verdict(false, Optional.of(new Change.Abort(describe(name))));
            case Inconclusive:
                return new Verdict(false, Optional.of(new Change.Pause(
                        PauseCondition.Reason.InconclusiveAnalysisRun, null, describe(name))));
            default:
                return Verdict.RUNNING;
        }
    }

    /**
     * The abort due when run {@code name} (may be null) failed or erred; an analysis that fails
     * aborts even while the rollout is paused.
     */
    public Optional<Change> failure(String name) {
        if (name == null) {
            return Optional.empty();
        }
        AnalysisPhase phase = phase(name);
        if (phase == AnalysisPhase.Failed || phase == AnalysisPhase.Error) {
            return Optional.of(new Change.Abort(describe(name)));
        }
        return Optional.empty();
    }

    /**
     * A gating run's verdict: passed, or the change it asks for (none while it runs).
     *
     * @param passed whether the run succeeded and the step may go on
     * @param change the abort or pause to apply, when the run ended badly
     */
    public record Verdict(boolean passed, Optional<Change> change) {
        static final Verdict PASSED = new Verdict(true, Optional.empty());
        static final Verdict RUNNING = new Verdict(false, Optional.empty());
    }

    /** Explains a completed run: its message and each failing metric's message. */
    public String describe(String name) {
        AnalysisRunStatus st = status(name);
        if (st == null) {
            return "analysis run " + name + " is unknown";
        }
        StringBuilder b = new StringBuilder("analysis run ").append(name).append(' ')
                .append(st.phase());
        if (!st.message().isBlank()) {
            b.append(": ").append(st.message());
        }
        for (MetricResult m : st.metrics()) {
            // The launcher's run message often quotes the deciding metric already: say it once.
            if (!m.dryRun() && m.phase() != AnalysisPhase.Successful && m.phase() != AnalysisPhase.Running
                    && (m.message().isBlank() || !st.message().contains(m.message()))) {
                b.append("; metric ").append(m.name()).append(' ').append(m.phase());
                if (!m.message().isBlank()) {
                    b.append(": ").append(m.message());
                }
            }
        }
        return b.toString();
    }

    /** Ends a run because the rollout moved on. */
    public void terminate(String name) {
        AnalysisRun run = name == null ? null : live.remove(name);
        if (run != null) {
            run.terminate();
            latest.put(name, run.status());
            status(name);
        }
    }

    /** Cancels a run because the rollout was aborted. */
    public void cancel(String name) {
        AnalysisRun run = name == null ? null : live.remove(name);
        if (run != null) {
            run.cancel();
            latest.put(name, run.status());
            status(name);
        }
    }

    /** Cancels every live run. */
    public void cancelAll() {
        for (String name : new ArrayList<>(live.keySet())) {
            cancel(name);
        }
    }

    /** Stops live runs without recording anything (the engine is closing or lost ownership). */
    void detachAll() {
        for (AnalysisRun run : live.values()) {
            try {
                run.cancel();
            } catch (RuntimeException e) {
                machine.log("cancelling an analysis run failed: " + e);
            }
        }
        live.clear();
    }

    /**
     * After an engine restart, a run that had not completed is gone with the old engine: it is
     * forgotten here so the strategy starts it again from scratch.
     */
    void restartAfterResume() {
        RolloutState s = machine.state();
        if (s.stepRun() != null && !phaseCompleted(s, s.stepRun())) {
            markInterrupted(s, s.stepRun());
            s.stepRun(null);
        }
        if (s.backgroundRun() != null && !phaseCompleted(s, s.backgroundRun())) {
            markInterrupted(s, s.backgroundRun());
            s.backgroundRun(null);
        }
    }

    private static boolean phaseCompleted(RolloutState s, String name) {
        AnalysisRunStatus st = s.runs().get(name);
        return st != null && st.phase().isCompleted();
    }

    private void markInterrupted(RolloutState s, String name) {
        AnalysisRunStatus st = s.runs().get(name);
        if (st != null) {
            s.editRuns().put(name, new AnalysisRunStatus(name, st.phase(), st.metrics(),
                    "interrupted by an engine restart; started again"));
        }
        machine.changed();
    }

    /** The persisted statuses with the live ones laid over them, oldest first. */
    List<AnalysisRunStatus> overlay(List<AnalysisRunStatus> persisted) {
        if (latest.isEmpty()) {
            return persisted;
        }
        List<AnalysisRunStatus> out = new ArrayList<>(persisted.size());
        for (AnalysisRunStatus st : persisted) {
            out.add(latest.getOrDefault(st.name(), st));
        }
        return out;
    }

    boolean hasLive() {
        return !latest.isEmpty();
    }
}
