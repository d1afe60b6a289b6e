package dev.rollout.core;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.PauseCondition;
import java.time.Instant;
import java.util.List;

/** Entering and lifting pauses; the stage follows through {@link Transitions#followPauses}. */
final class Pauses {
    private Pauses() {
    }

    /**
     * Pauses for {@code reason}, until {@code until} when not null; {@code detail} (may be null)
     * says more, such as the explanation of an inconclusive analysis run.
     */
    static void enter(RolloutMachine m, PauseCondition.Reason reason, Instant until, String detail) {
        RolloutState s = m.state();
        if (s.pausedFor(reason)) {
            return;
        }
        s.editPauses().add(new PauseCondition(reason, m.now()));
        Transitions.followPauses(m);
        if (until != null) {
            s.pauseUntil(until);
        }
        String why = pauseMessage(m, reason, until, detail);
        if (!s.deadlineExceeded()) {
            // A Degraded rollout keeps saying why it is degraded.
            s.message(why);
        }
        m.changed();
        m.emit(new RolloutEvent.Paused(s.id(), s.newRevision().id(), m.now(), reason,
                "Rollout paused: " + why));
        m.log("paused: " + why);
    }

    /** The status message of a pause: its reason, where the rollout stands and what ends it. */
    private static String pauseMessage(RolloutMachine m, PauseCondition.Reason reason, Instant until,
            String detail) {
        RolloutState s = m.state();
        String end = until == null ? "until promoted" : "until " + until;
        return switch (reason) {
            case CanaryPauseStep -> reason + ": paused at step " + s.stepIndex() + " " + end;
            case BlueGreenPause -> reason + ": waiting for promotion"
                    + (until == null ? "" : " (automatic at " + until + ")");
            case InconclusiveAnalysisRun -> reason + ": "
                    + (detail == null || detail.isBlank() ? "an analysis run was inconclusive" : detail)
                    + "; promote to continue or abort";
            case UserPause -> reason + ": paused by the operator until resumed";
        };
    }

    /** Lifts the pauses of the given reasons; paused time does not count against the deadline. */
    static void clear(RolloutMachine m, List<PauseCondition.Reason> reasons) {
        RolloutState s = m.state();
        boolean removed = s.editPauses().removeIf(p -> reasons.contains(p.reason()));
        if (!removed) {
            return;
        }
        Transitions.followPauses(m);
        if (!s.pausedFor(PauseCondition.Reason.CanaryPauseStep)
                && !s.pausedFor(PauseCondition.Reason.BlueGreenPause)) {
            s.pauseUntil(null);
        }
        if (!s.deadlineExceeded() && !s.aborted()) {
            // The message said why the rollout was paused; it now says why it still is, or nothing.
            s.message(s.pauses().isEmpty() ? ""
                    : pauseMessage(m, s.pauses().get(s.pauses().size() - 1).reason(), s.pauseUntil(), null));
        }
        m.changed();
        if (s.pauses().isEmpty()) {
            m.progressed();
            m.emit(new RolloutEvent.Resumed(s.id(), s.newRevision().id(), m.now(), "Rollout resumed"));
            m.log("resumed");
        }
    }

}
