package dev.rollout.core;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.core.analysis.SpecAnalysis;
import java.util.List;

/**
 * A first deploy, started only with {@code StartOptions.firstDeploy()}: the target had no
 * workload, so there is no stable revision to shift traffic from. The new revision comes up at
 * full scale without canary steps, its services point at it, and then every analysis the spec
 * asks for runs against it, one after the other in spec order, before it is marked stable. A run
 * is judged when it ends; the background analysis, which in a canary runs until the steps end,
 * is ended once each of its metrics has been measured at least once (looked at every
 * {@link #BACKGROUND_POLL}). A failed analysis aborts:
 * the new revision goes to zero, as nothing ran before. Progress is {@code firstDeployChecks}
 * (analyses passed) and {@code stepRun} (the one running), both persisted, so a resumed engine
 * continues with the analysis that was interrupted.
 */
final class FirstDeploy {
    /** How often a first deploy looks whether its background analysis has measured every metric. */
    static final java.time.Duration BACKGROUND_POLL = java.time.Duration.ofSeconds(10);

    private FirstDeploy() {
    }

    /** Whether the rollout is a first deploy (no stable revision but the new one). */
    static boolean is(RolloutState s) {
        return s.stableRevision().equals(s.newRevision().id()) && !s.completed();
    }

    /** Emits the Warning that this rollout goes around the canary steps. */
    static void warnIfFirst(RolloutMachine m) {
        RolloutState s = m.state();
        if (!is(s)) {
            return;
        }
        int analyses = (int) SpecAnalysis.of(s.spec()).stream().filter(a -> !a.experiment()).count();
        String msg = "No workload " + m.workload() + " on target " + s.targetName() + ": revision "
                + s.newRevision().id() + " is deployed for the first time (StartOptions.firstDeploy()),"
                + " at full scale without canary steps; "
                + (analyses == 0 ? "the spec asks for no analysis"
                        : analyses + (analyses == 1 ? " analysis runs" : " analyses run")
                                + " against it before it is marked stable");
        m.emit(new RolloutEvent.Warning(s.id(), s.newRevision().id(), m.now(), msg));
        m.log(msg);
    }

    /** Scales the new revision up, runs the spec's analyses against it, then completes. */
    static Wait reconcile(RolloutMachine m, WorkloadState observed) {
        RolloutState s = m.state();
        int replicas = s.spec().replicas();
        if (Moves.scaleNew(m, replicas)) {
            observed = m.observe();
        }
        if (m.available(observed, s.newRevision().id()) < replicas) {
            return Wait.poll();
        }
        // An experiment compares a baseline with the canary: a first deploy has no baseline.
        List<SpecAnalysis> analyses = SpecAnalysis.of(s.spec()).stream().filter(a -> !a.experiment()).toList();
        if (s.firstDeployChecks() == 0 && s.stepRun() == null) {
            // Pointed before analysis: there is nothing else its traffic could go to.
            m.program().onInitialDeploy();
        }
        while (!s.promoteFull() && s.firstDeployChecks() < analyses.size()) {
            SpecAnalysis analysis = analyses.get(s.firstDeployChecks());
            if (s.stepRun() == null) {
                s.stepRun(m.runs().start("first-deploy-" + s.firstDeployChecks(), analysis.analysis()));
            }
            if (!s.stepPromoted() && !judged(m, analysis)) {
                // A run wakes the rollout only when it ends; the background analysis is ended
                // here once measured, so the rollout looks again on its own.
                boolean waitingForMeasurement = s.stepRun() != null && !s.aborted() && s.pauses().isEmpty()
                        && analysis.kind().equals("background");
                return waitingForMeasurement ? Wait.after(BACKGROUND_POLL) : Wait.idle();
            }
            if (s.aborted() || !s.pauses().isEmpty()) {
                return Wait.idle();
            }
            m.runs().terminate(s.stepRun());
            m.log("first deploy: " + analysis.kind() + " analysis "
                    + (s.stepPromoted() ? "skipped by promote" : "passed"));
            s.stepPromoted(false);
            s.stepRun(null);
            s.firstDeployChecks(s.firstDeployChecks() + 1);
            m.progressed();
        }
        if (s.stepRun() != null) {
            m.runs().terminate(s.stepRun());
            s.stepRun(null);
        }
        s.stableReplicas(replicas);
        s.canaryReplicas(0);
        s.canaryWeight(100);
        Transitions.complete(m, "first deploy of revision " + s.newRevision().id()
                + (analyses.isEmpty() ? "" : s.promoteFull() ? ", analysis skipped by full promotion"
                        : ", " + analyses.size() + " of " + analyses.size() + " analyses passed"));
        return Wait.idle();
    }

    /** True once the run passed; aborts or pauses on a bad end, false while it runs. */
    private static boolean judged(RolloutMachine m, SpecAnalysis analysis) {
        RolloutState s = m.state();
        AnalysisPhase phase = m.runs().phase(s.stepRun());
        if (!phase.isCompleted() && analysis.kind().equals("background") && measuredOnce(m.runs().status(s.stepRun()))) {
            m.runs().terminate(s.stepRun());
            phase = m.runs().phase(s.stepRun());
        }
        switch (phase) {
            case Successful:
                return true;
            case Failed:
            case Error:
                m.abort(m.runs().describe(s.stepRun()));
                return false;
            case Inconclusive:
                m.enterPause(PauseCondition.Reason.InconclusiveAnalysisRun, null, m.runs().describe(s.stepRun()));
                return false;
            default:
                return false;
        }
    }

    private static boolean measuredOnce(AnalysisRunStatus status) {
        if (status == null || status.metrics().isEmpty()) {
            return false;
        }
        for (MetricResult metric : status.metrics()) {
            if (metric.count() == 0 && !metric.phase().isCompleted()) {
                return false;
            }
        }
        return true;
    }

    /** Aborts a first deploy: analysis cancelled, the new revision scaled to zero, Degraded. */
    static void abort(RolloutMachine m, String reason) {
        RolloutState s = m.state();
        m.runs().cancelAll();
        Transitions.moveTo(m, Stage.ABORTED);
        s.editPauses().clear();
        s.pauseUntil(null);
        s.stepPromoted(false);
        String msg = "Rollout aborted first deploy of revision " + s.newRevision().id()
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        s.message(msg);
        m.changed();
        m.cancelWake();
        Moves.scaleNew(m, 0);
        m.emit(new RolloutEvent.Aborted(s.id(), s.newRevision().id(), m.now(), msg));
        m.log(msg);
    }
}
