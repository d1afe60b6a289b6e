package dev.rollout.core;

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

/**
 * The owner of a rollout's stage: every move between {@link Stage}s goes through {@link #moveTo},
 * which refuses one the {@link Stage#TABLE} does not allow; and the transitions every strategy
 * shares: start, reconcile, abort, retry, complete.
 */
final class Transitions {
    private static final List<PauseCondition.Reason> TIMED =
            List.of(PauseCondition.Reason.CanaryPauseStep, PauseCondition.Reason.BlueGreenPause);

    private Transitions() {
    }

    /** Fills a new rollout's state from what the target reports. */
    static void initialise(RolloutMachine m, WorkloadState observed) {
        RolloutState s = m.state();
        Instant now = m.now();
        s.startedAt(now);
        s.updatedAt(now);
        s.lastProgressAt(now);
        String newId = s.newRevision().id();
        String stable = observed.stableRevision().orElse(newId);
        s.stableRevision(stable);
        int replicas = s.spec().replicas();
        Optional<RevisionState> current = observed.revision(newId);
        if (stable.equals(newId)) {
            boolean running = observed.stableRevision().isPresent() && current.isPresent()
                    && current.get().fullyAvailable() && current.get().desired() == replicas;
            s.canaryReplicas(current.map(RevisionState::desired).orElse(0));
            s.stableReplicas(s.canaryReplicas());
            if (running) {
                // Nothing to roll out: the revision is already the stable one.
                s.canaryReplicas(0);
                moveTo(m, Stage.COMPLETED);
                s.canaryWeight(100);
                s.stepIndex(m.program().stepCount());
                s.message("Revision " + newId + " is already stable");
            }
            return;
        }
        s.stableReplicas(observed.revision(stable).map(RevisionState::desired).orElse(replicas));
        s.canaryReplicas(current.map(RevisionState::desired).orElse(0));
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
        if (s.completed() || s.aborted()) {
            cleanups(m);
            return;
        }
        if (s.removeAt() != null && !Removals.removeOld(m)) {
            // A superseded revision goes first, within the bounds, before the new one moves.
            return;
        }
        if (s.pauseUntil() != null && !m.now().isBefore(s.pauseUntil())) {
            m.clearPauses(TIMED);
        }
        WorkloadState observed = m.observe();
        if (RecordedAbort.ifWorkloadGone(m, observed)) {
            return;
        }
        Optional<String> failure = m.failureOf(observed);
        if (failure.isPresent()) {
            m.abort("revision " + s.newRevision().id() + " failed: " + failure.get());
            cleanups(m);
            return;
        }
        if (!s.pauses().isEmpty()) {
            if (!FirstDeploy.is(s)) {
                // A first deploy's analyses are its own; the strategy's must not start.
                m.program().whilePaused();
            }
            wakeForPause(m);
            return;
        }
        Wait wait = FirstDeploy.is(s) ? FirstDeploy.reconcile(m, observed) : m.program().reconcile(observed);
        if (s.completed() || s.aborted()) {
            cleanups(m);
        } else if (!s.pauses().isEmpty()) {
            wakeForPause(m);
        } else if (wait.progressing()) {
            checkDeadline(m);
        } else if (wait.delay() != null) {
            m.wakeAfter(wait.delay());
        }
    }

    private static void wakeForPause(RolloutMachine m) {
        RolloutState s = m.state();
        if (s.pauseUntil() != null && !s.aborted()) {
            m.wakeAtInstant(s.pauseUntil());
        }
    }

    private static void checkDeadline(RolloutMachine m) {
        RolloutState s = m.state();
        Instant now = m.now();
        Instant deadline = s.lastProgressAt().plusSeconds(s.spec().progressDeadlineSeconds());
        if (now.isBefore(deadline)) {
            Duration poll = m.nextPollDelay();
            Duration left = Duration.between(now, deadline);
            m.wakeAfter(poll.compareTo(left) < 0 ? poll : left);
            return;
        }
        if (!s.deadlineExceeded()) {
            String msg = "ProgressDeadlineExceeded: revision " + s.newRevision().id()
                    + " made no progress for " + s.spec().progressDeadlineSeconds() + "s";
            if (s.spec().progressDeadlineAbort()) {
                m.abort(msg);
                cleanups(m);
                return;
            }
            moveTo(m, Stage.STALLED);
            s.message(msg);
            m.changed();
            m.emit(new RolloutEvent.Warning(s.id(), s.newRevision().id(), now, msg));
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
        boolean due = s.abortPending()
                || (s.abortScaleDownAt() != null && !now.isBefore(s.abortScaleDownAt()))
                || (s.removeAt() != null && !now.isBefore(s.removeAt()));
        if (due && Cleanup.endIfWorkloadGone(m)) {
            return;
        }
        RecordedAbort.applyPending(m);
        if (s.abortScaleDownAt() != null) {
            if (!now.isBefore(s.abortScaleDownAt())) {
                s.abortScaleDownAt(null);
                m.program().abortScaleDown();
                m.changed();
            } else {
                m.wakeAtInstant(s.abortScaleDownAt());
            }
        }
        if (s.removeAt() != null) {
            if (!now.isBefore(s.removeAt())) {
                Removals.removeOld(m);
            } else {
                m.wakeAtInstant(s.removeAt());
            }
        }
    }

    /**
     * After a restart, the counts the target runs replace the stored ones, so each move compares
     * with the cluster: one the killed engine made but did not save is not waited for forever,
     * and one a cluster lost is made again. A target that already runs the new revision as
     * stable was promoted before the save: the rollout finishes without going back a step.
     */
    static void adoptObserved(RolloutMachine m, WorkloadState observed) {
        RolloutState s = m.state();
        String newId = s.newRevision().id();
        boolean canary = !newId.equals(s.stableRevision());
        int canaryNow = desired(observed, newId);
        int stableNow = desired(observed, s.stableRevision());
        if (canary && !s.completed() && !s.aborted()
                && observed.stableRevision().filter(newId::equals).isPresent()) {
            // Nothing before the promotion is applied again: no pause, no step, no old pods back.
            s.promoteFull(true);
            s.editPauses().clear();
            s.pauseUntil(null);
            followPauses(m);
            m.log("the target already runs revision " + newId + " as stable; finishing the promotion");
        } else {
            m.program().resumed();
        }
        if (!canary && !s.completed()) {
            canaryNow = stableNow;
        } else if (!canary) {
            canaryNow = 0;
        }
        if (canaryNow != s.canaryReplicas() || stableNow != s.stableReplicas()) {
            m.log("the target runs " + canaryNow + " new and " + stableNow + " stable replicas where "
                    + s.canaryReplicas() + " and " + s.stableReplicas() + " were saved; moving on from there");
        }
        s.canaryReplicas(canaryNow);
        s.stableReplicas(stableNow);
        if (canary && s.spec().strategy() instanceof CanaryStrategy c && c.trafficRouting().isPresent()) {
            s.canaryWeight(observed.canaryWeight());
        }
        m.changed();
    }

    private static int desired(WorkloadState observed, String revision) {
        return observed.revision(revision).map(RevisionState::desired).orElse(0);
    }

    /** Aborts: traffic to stable at once, analysis cancelled, the new side scaled down (maybe later). */
    static void abort(RolloutMachine m, String reason) {
        RolloutState s = m.state();
        if (s.aborted() || s.completed()) {
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
        moveTo(m, Stage.ABORTED);
        s.editPauses().clear();
        s.pauseUntil(null);
        s.stepPromoted(false);
        String msg = "Rollout aborted update to revision " + s.newRevision().id()
                + (reason == null || reason.isBlank() ? "" : ": " + reason);
        s.message(msg);
        m.changed();
        // A pause's end or a readiness poll scheduled before the abort has nothing left to do.
        m.cancelWake();
        Duration delay = m.program().abortScaleDownDelay();
        if (delay.isZero()) {
            m.program().abortScaleDown();
        } else {
            s.abortScaleDownAt(m.now().plus(delay));
            m.wakeAtInstant(s.abortScaleDownAt());
        }
        m.emit(new RolloutEvent.Aborted(s.id(), s.newRevision().id(), m.now(), msg));
        m.log(msg);
    }

    /** Starts an aborted rollout again at step 0. */
    static void retry(RolloutMachine m) {
        RolloutState s = m.state();
        moveTo(m, Stage.PROGRESSING);
        s.message("");
        s.stepIndex(0);
        s.stepStarted(false);
        s.stepPauseEntered(false);
        s.stepPromoted(false);
        s.promoteFull(false);
        s.editPauses().clear();
        s.pauseUntil(null);
        s.abortScaleDownAt(null);
        s.abortPending(false);
        s.stepRun(null);
        s.backgroundRun(null);
        s.backgroundDone(false);
        s.firstDeployChecks(0);
        s.editHistory().clear();
        s.attempt(s.attempt() + 1);
        // Strategy progress lives in the shared state too, so the retry resets it here.
        s.blueGreenStage(null);
        s.experimentReadyAt(null);
        m.program().resetForRetry();
        m.progressed();
        m.emit(new RolloutEvent.Started(s.id(), s.newRevision().id(), m.now(),
                "Retrying rollout of revision " + s.newRevision().id() + " (attempt " + (s.attempt() + 1) + ")"));
        m.log("retry from step 0");
        m.wakeAfter(Duration.ZERO);
    }

    /** Marks the new revision stable and the rollout Healthy. */
    static void complete(RolloutMachine m, String why) {
        RolloutState s = m.state();
        m.target().markStable(m.workload(), s.newRevision());
        s.stableRevision(s.newRevision().id());
        moveTo(m, Stage.COMPLETED);
        s.editPauses().clear();
        s.pauseUntil(null);
        s.message("");
        s.stepIndex(m.program().stepCount());
        m.changed();
        String msg = "Revision " + s.newRevision().id() + " promoted to stable (" + why + ")";
        m.emit(new RolloutEvent.Promoted(s.id(), s.newRevision().id(), m.now(), msg));
        m.log(msg);
    }

    /**
     * Moves the rollout to stage {@code to}; the only writer of the stage.
     *
     * @throws IllegalStateException when the transition table does not allow the move
     */
    static void moveTo(RolloutMachine m, Stage to) {
        RolloutState s = m.state();
        Stage from = s.stage();
        if (!from.allows(to)) {
            throw new IllegalStateException("rollout " + s.id() + ": illegal transition from " + from
                    + " to " + to);
        }
        s.stage(to);
        m.changed();
    }

    /**
     * The stage that follows from the pauses once a rollout that was progressing or paused has
     * them changed: Paused while any is in effect. A stalled, aborted or completed rollout keeps
     * its stage (a Degraded rollout keeps saying why it is degraded).
     */
    static void followPauses(RolloutMachine m) {
        RolloutState s = m.state();
        if (s.stage() == Stage.PROGRESSING && !s.pauses().isEmpty()) {
            moveTo(m, Stage.PAUSED);
        } else if (s.stage() == Stage.PAUSED && s.pauses().isEmpty()) {
            moveTo(m, Stage.PROGRESSING);
        }
    }

    /** Progress after a missed deadline: the rollout is paused or progressing again. */
    static void recover(RolloutMachine m) {
        RolloutState s = m.state();
        if (s.stage() == Stage.STALLED) {
            moveTo(m, s.pauses().isEmpty() ? Stage.PROGRESSING : Stage.PAUSED);
            s.message("");
        }
    }

    /** Reports the phase the stage now maps to, when it differs from the one reported last. */
    static RolloutPhase reportPhase(RolloutMachine m, RolloutPhase reported) {
        RolloutState s = m.state();
        RolloutPhase p = s.phase();
        if (p != reported) {
            String msg = "Phase " + reported + " -> " + p + (s.message().isBlank() ? "" : ": " + s.message());
            m.emit(new RolloutEvent.PhaseChanged(s.id(), s.newRevision().id(), m.now(), reported, p, msg));
            m.log(msg);
        }
        return p;
    }
}
