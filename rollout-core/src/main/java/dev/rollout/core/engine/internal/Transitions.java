package dev.rollout.core.engine.internal;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The transitions every strategy shares: start, reconcile, abort, retry, rollback, complete. */
final class Transitions {
    private static final List<PauseCondition.Reason> TIMED =
            List.of(PauseCondition.Reason.CanaryPauseStep, PauseCondition.Reason.BlueGreenPause);

    private Transitions() {
    }

    /** Fills a new rollout's state from what the target reports. */
    static void initialise(RolloutMachine m, WorkloadState observed) {
        RolloutState s = m.state();
        Instant now = m.now();
        s.startedAt = now;
        s.updatedAt = now;
        s.lastProgressAt = now;
        String newId = s.newRevision.id();
        String stable = observed.stableRevision().orElse(newId);
        s.stableRevision = stable;
        int replicas = s.spec.replicas();
        Optional<RevisionState> current = observed.revision(newId);
        if (stable.equals(newId)) {
            boolean running = observed.stableRevision().isPresent() && current.isPresent()
                    && current.get().fullyAvailable() && current.get().desired() == replicas;
            s.canaryReplicas = current.map(RevisionState::desired).orElse(0);
            s.stableReplicas = s.canaryReplicas;
            if (running) {
                // Nothing to roll out: the revision is already the stable one.
                s.canaryReplicas = 0;
                s.completed = true;
                s.canaryWeight = 100;
                s.stepIndex = m.program().stepCount();
                s.message = "Revision " + newId + " is already stable";
            }
            return;
        }
        s.stableReplicas = observed.revision(stable).map(RevisionState::desired).orElse(replicas);
        s.canaryReplicas = current.map(RevisionState::desired).orElse(0);
    }

    /** One reconcile of a rollout that is not stopped. */
    static void reconcile(RolloutMachine m) {
        RolloutState s = m.state();
        if (!s.unfinished()) {
            return;
        }
        if (m.takeReobserve()) {
            adoptObserved(m, m.observe());
        }
        if (s.completed || s.aborted) {
            cleanups(m);
            return;
        }
        if (s.removeAt != null && !removeOld(m)) {
            // A superseded revision goes first, within the bounds, before the new one moves.
            return;
        }
        if (s.pauseUntil != null && !m.now().isBefore(s.pauseUntil)) {
            m.clearPauses(TIMED);
        }
        WorkloadState observed = m.observe();
        if (RecordedAbort.ifWorkloadGone(m, observed)) {
            return;
        }
        Optional<String> failure = m.failureOf(observed);
        if (failure.isPresent()) {
            m.abort("revision " + s.newRevision.id() + " failed: " + failure.get());
            cleanups(m);
            return;
        }
        if (!s.pauses.isEmpty()) {
            if (!FirstDeploy.is(s)) {
                // A first deploy's analyses are its own; the strategy's must not start.
                m.program().whilePaused();
            }
            wakeForPause(m);
            return;
        }
        Wait wait = FirstDeploy.is(s) ? FirstDeploy.reconcile(m, observed) : m.program().reconcile(observed);
        if (s.completed || s.aborted) {
            cleanups(m);
        } else if (!s.pauses.isEmpty()) {
            wakeForPause(m);
        } else if (wait.progressing()) {
            checkDeadline(m);
        } else if (wait.delay() != null) {
            m.wakeAfter(wait.delay());
        }
    }

    private static void wakeForPause(RolloutMachine m) {
        RolloutState s = m.state();
        if (s.pauseUntil != null && !s.aborted) {
            m.wakeAtInstant(s.pauseUntil);
        }
    }

    private static void checkDeadline(RolloutMachine m) {
        RolloutState s = m.state();
        Instant now = m.now();
        Instant deadline = s.lastProgressAt.plusSeconds(s.spec.progressDeadlineSeconds());
        if (now.isBefore(deadline)) {
            Duration poll = m.nextPollDelay();
            Duration left = Duration.between(now, deadline);
            m.wakeAfter(poll.compareTo(left) < 0 ? poll : left);
            return;
        }
        if (!s.deadlineExceeded) {
            String msg = "ProgressDeadlineExceeded: revision " + s.newRevision.id()
                    + " made no progress for " + s.spec.progressDeadlineSeconds() + "s";
            if (s.spec.progressDeadlineAbort()) {
                m.abort(msg);
                cleanups(m);
                return;
            }
            s.deadlineExceeded = true;
            s.message = msg;
            m.changed();
            m.emit(new RolloutEvent.Warning(s.id, s.newRevision.id(), now, msg));
            m.log(msg);
        }
        if (!m.context().degradedPoll().isZero()) {
            m.wakeAfter(m.context().degradedPoll());
        }
    }

    /** Delayed work after a rollout ended: the new side after an abort, the old side after promotion. */
    private static void cleanups(RolloutMachine m) {
        RolloutState s = m.state();
        Instant now = m.now();
        boolean due = s.abortPending
                || (s.abortScaleDownAt != null && !now.isBefore(s.abortScaleDownAt))
                || (s.removeAt != null && !now.isBefore(s.removeAt));
        if (due && Cleanup.endIfWorkloadGone(m)) {
            return;
        }
        RecordedAbort.applyPending(m);
        if (s.abortScaleDownAt != null) {
            if (!now.isBefore(s.abortScaleDownAt)) {
                s.abortScaleDownAt = null;
                m.program().abortScaleDown();
                m.changed();
            } else {
                m.wakeAtInstant(s.abortScaleDownAt);
            }
        }
        if (s.removeAt != null) {
            if (!now.isBefore(s.removeAt)) {
                removeOld(m);
            } else {
                m.wakeAtInstant(s.removeAt);
            }
        }
    }

    /**
     * Removes each revision left to go once the program has scaled it down; false while any has
     * pods. All of them shrink together: each only as far as the stable side's available pods
     * allow, so together they never take availability below the bound.
     */
    private static boolean removeOld(RolloutMachine m) {
        RolloutState s = m.state();
        List<String> left = new ArrayList<>();
        for (String old : going(s)) {
            if (old.equals(s.stableRevision) || old.equals(s.newRevision.id())) {
                continue;
            }
            if (m.program().windDown(old)) {
                m.target().remove(m.workload(), old);
                m.log("old revision " + old + " removed");
            } else {
                left.add(old);
            }
        }
        if (!left.isEmpty()) {
            if (!left.equals(going(s))) {
                s.removeRevision = left.get(0);
                s.removeAlso.clear();
                s.removeAlso.addAll(left.subList(1, left.size()));
                m.changed();
            }
            m.wakeAfter(m.nextPollDelay());
            return false;
        }
        s.removeAlso.clear();
        s.removeAt = null;
        s.removeRevision = null;
        m.changed();
        return true;
    }

    /** The revisions waiting to be removed, the first one first, without repeats. */
    static List<String> going(RolloutState s) {
        Set<String> all = new LinkedHashSet<>();
        if (s.removeRevision != null) {
            all.add(s.removeRevision);
        }
        all.addAll(s.removeAlso);
        return new ArrayList<>(all);
    }

    /**
     * After a restart, the counts the target runs replace the stored ones, so each move compares
     * with the cluster: one the killed engine made but did not save is not waited for forever,
     * and one a cluster lost is made again. A target that already runs the new revision as
     * stable was promoted before the save: the rollout finishes without going back a step.
     */
    static void adoptObserved(RolloutMachine m, WorkloadState observed) {
        RolloutState s = m.state();
        String newId = s.newRevision.id();
        boolean canary = !newId.equals(s.stableRevision);
        int canaryNow = desired(observed, newId);
        int stableNow = desired(observed, s.stableRevision);
        if (canary && !s.completed && !s.aborted
                && observed.stableRevision().filter(newId::equals).isPresent()) {
            // Nothing before the promotion is applied again: no pause, no step, no old pods back.
            s.promoteFull = true;
            s.pauses.clear();
            s.pauseUntil = null;
            m.log("the target already runs revision " + newId + " as stable; finishing the promotion");
        } else {
            m.program().resumed();
        }
        if (!canary && !s.completed) {
            canaryNow = stableNow;
        } else if (!canary) {
            canaryNow = 0;
        }
        if (canaryNow != s.canaryReplicas || stableNow != s.stableReplicas) {
            m.log("the target runs " + canaryNow + " new and " + stableNow + " stable replicas where "
                    + s.canaryReplicas + " and " + s.stableReplicas + " were saved; moving on from there");
        }
        s.canaryReplicas = canaryNow;
        s.stableReplicas = stableNow;
        if (canary && s.spec.strategy() instanceof CanaryStrategy c && c.trafficRouting().isPresent()) {
            s.canaryWeight = observed.canaryWeight();
        }
        m.changed();
    }

    private static int desired(WorkloadState observed, String revision) {
        return observed.revision(revision).map(RevisionState::desired).orElse(0);
    }

    /** Aborts: traffic to stable at once, analysis cancelled, the new side scaled down (maybe later). */
    static void abort(RolloutMachine m, String reason) {
        RolloutState s = m.state();
        if (s.aborted || s.completed) {
            return;
        }
        if (FirstDeploy.is(s)) {
            FirstDeploy.abort(m, reason);
            return;
        }
        // Traffic first: if the target fails here the rollout is not marked aborted, and the
        // next reconcile (or the operator) tries again.
        m.program().abort();
        m.runs().cancelAll();
        s.aborted = true;
        s.pauses.clear();
        s.pauseUntil = null;
        s.stepPromoted = false;
        String msg = "Rollout aborted update to revision " + s.newRevision.id()
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        s.message = msg;
        m.changed();
        // A pause's end or a readiness poll scheduled before the abort has nothing left to do.
        m.cancelWake();
        Duration delay = m.program().abortScaleDownDelay();
        if (delay.isZero()) {
            m.program().abortScaleDown();
        } else {
            s.abortScaleDownAt = m.now().plus(delay);
            m.wakeAtInstant(s.abortScaleDownAt);
        }
        m.emit(new RolloutEvent.Aborted(s.id, s.newRevision.id(), m.now(), msg));
        m.log(msg);
    }

    /** Starts an aborted rollout again at step 0. */
    static void retry(RolloutMachine m) {
        RolloutState s = m.state();
        s.aborted = false;
        s.message = "";
        s.stepIndex = 0;
        s.stepStarted = false;
        s.stepPauseEntered = false;
        s.stepPromoted = false;
        s.promoteFull = false;
        s.pauses.clear();
        s.pauseUntil = null;
        s.deadlineExceeded = false;
        s.abortScaleDownAt = null;
        s.abortPending = false;
        s.stepRun = null;
        s.backgroundRun = null;
        s.backgroundDone = false;
        s.firstDeployChecks = 0;
        s.history.clear();
        s.attempt++;
        m.program().resetForRetry();
        m.progressed();
        m.emit(new RolloutEvent.Started(s.id, s.newRevision.id(), m.now(),
                "Retrying rollout of revision " + s.newRevision.id() + " (attempt " + (s.attempt + 1) + ")"));
        m.log("retry from step 0");
        m.wakeAfter(Duration.ZERO);
    }

    /** Fast-tracked undo to the stable revision: no steps, no analysis, Healthy on stable. */
    static void rollbackToStable(RolloutMachine m, Revision stable) {
        RolloutState s = m.state();
        String abandoned = s.newRevision.id();
        m.runs().cancelAll();
        if (!s.aborted && !s.completed) {
            m.program().abort();
        }
        List<String> left = new ArrayList<>();
        List<String> going = s.removeAt == null ? List.of() : going(s);
        for (String old : going) {
            // An earlier abandoned revision still winding down goes within the bounds as well.
            if (!old.equals(abandoned) && !old.equals(s.stableRevision)) {
                if (m.program().windDown(old)) {
                    m.target().remove(m.workload(), old);
                } else {
                    left.add(old);
                }
            }
        }
        if (!abandoned.equals(s.stableRevision)) {
            if (m.program().windDown(abandoned)) {
                m.target().remove(m.workload(), abandoned);
            } else {
                // The rest goes within the bounds, as the stable side's pods become available.
                left.add(0, abandoned);
            }
        }
        s.removeAlso.clear();
        if (left.isEmpty()) {
            s.removeRevision = null;
            s.removeAt = null;
        } else {
            s.removeRevision = left.get(0);
            s.removeAlso.addAll(left.subList(1, left.size()));
            s.removeAt = m.now();
            m.wakeAfter(Duration.ZERO);
        }
        s.newRevision = stable;
        s.aborted = false;
        s.completed = true;
        s.deadlineExceeded = false;
        s.pauses.clear();
        s.pauseUntil = null;
        s.abortScaleDownAt = null;
        s.canaryReplicas = 0;
        s.canaryWeight = 100;
        s.stepIndex = m.program().stepCount();
        String msg = "Rolled back to stable revision " + stable.id() + ", abandoning " + abandoned;
        s.message = msg;
        m.changed();
        m.emit(new RolloutEvent.Promoted(s.id, stable.id(), m.now(), msg));
        m.log(msg);
    }

    /** Marks the new revision stable and the rollout Healthy. */
    static void complete(RolloutMachine m, String why) {
        RolloutState s = m.state();
        m.target().markStable(m.workload(), s.newRevision);
        s.stableRevision = s.newRevision.id();
        s.completed = true;
        s.pauses.clear();
        s.pauseUntil = null;
        s.deadlineExceeded = false;
        s.message = "";
        s.stepIndex = m.program().stepCount();
        m.changed();
        String msg = "Revision " + s.newRevision.id() + " promoted to stable (" + why + ")";
        m.emit(new RolloutEvent.Promoted(s.id, s.newRevision.id(), m.now(), msg));
        m.log(msg);
    }

    /**
     * Pauses for {@code reason}, until {@code until} when not null; {@code detail} (may be null)
     * says more, such as the explanation of an inconclusive analysis run.
     */
    static void enterPause(RolloutMachine m, PauseCondition.Reason reason, Instant until, String detail) {
        RolloutState s = m.state();
        if (s.pausedFor(reason)) {
            return;
        }
        s.pauses.add(new PauseCondition(reason, m.now()));
        if (until != null) {
            s.pauseUntil = until;
        }
        String why = pauseMessage(m, reason, until, detail);
        if (!s.deadlineExceeded) {
            // A Degraded rollout keeps saying why it is degraded.
            s.message = why;
        }
        m.changed();
        m.emit(new RolloutEvent.Paused(s.id, s.newRevision.id(), m.now(), reason,
                "Rollout paused: " + why));
        m.log("paused: " + why);
    }

    /** The status message of a pause: its reason, where the rollout stands and what ends it. */
    private static String pauseMessage(RolloutMachine m, PauseCondition.Reason reason, Instant until,
            String detail) {
        RolloutState s = m.state();
        String end = until == null ? "until promoted" : "until " + until;
        return switch (reason) {
            case CanaryPauseStep -> reason + ": paused at step " + s.stepIndex + " " + end;
            case BlueGreenPause -> reason + ": waiting for promotion"
                    + (until == null ? "" : " (automatic at " + until + ")");
            case InconclusiveAnalysisRun -> reason + ": "
                    + (detail == null || detail.isBlank() ? "an analysis run was inconclusive" : detail)
                    + "; promote to continue or abort";
            case UserPause -> reason + ": paused by the operator until resumed";
        };
    }

    /** Lifts the pauses of the given reasons; paused time does not count against the deadline. */
    static void clearPauses(RolloutMachine m, List<PauseCondition.Reason> reasons) {
        RolloutState s = m.state();
        boolean removed = s.pauses.removeIf(p -> reasons.contains(p.reason()));
        if (!removed) {
            return;
        }
        if (!s.pausedFor(PauseCondition.Reason.CanaryPauseStep)
                && !s.pausedFor(PauseCondition.Reason.BlueGreenPause)) {
            s.pauseUntil = null;
        }
        if (!s.deadlineExceeded && !s.aborted) {
            // The message said why the rollout was paused; it now says why it still is, or nothing.
            s.message = s.pauses.isEmpty() ? ""
                    : pauseMessage(m, s.pauses.get(s.pauses.size() - 1).reason(), s.pauseUntil, null);
        }
        m.changed();
        if (s.pauses.isEmpty()) {
            m.progressed();
            m.emit(new RolloutEvent.Resumed(s.id, s.newRevision.id(), m.now(), "Rollout resumed"));
            m.log("resumed");
        }
    }

    /** Derives the phase and reports a change. */
    static void refreshPhase(RolloutMachine m) {
        RolloutState s = m.state();
        RolloutPhase p = s.aborted || s.deadlineExceeded ? RolloutPhase.Degraded
                : s.completed ? RolloutPhase.Healthy
                : !s.pauses.isEmpty() ? RolloutPhase.Paused : RolloutPhase.Progressing;
        if (p != s.phase) {
            RolloutPhase from = s.phase;
            s.phase = p;
            String msg = "Phase " + from + " -> " + p + (s.message.isBlank() ? "" : ": " + s.message);
            m.emit(new RolloutEvent.PhaseChanged(s.id, s.newRevision.id(), m.now(), from, p, msg));
            m.log(msg);
        }
    }
}
