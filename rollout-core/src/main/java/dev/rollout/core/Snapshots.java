package dev.rollout.core;

import dev.rollout.api.model.RolloutStatus;
import java.util.ArrayList;
import java.util.Optional;

/** Builds the immutable status of a rollout from its state. */
final class Snapshots {
    private Snapshots() {
    }

    static RolloutStatus of(RolloutState s, int stepCount) {
        return new RolloutStatus(s.id(), s.phase(), s.message(), Math.min(s.stepIndex(), stepCount),
                stepCount, s.aborted(), s.pauses(), s.stableRevision() == null ? "" : s.stableRevision(),
                s.newRevision().id(),
                s.canaryWeight(), s.stableReplicas(), s.canaryReplicas(),
                Optional.ofNullable(s.activeRevision()), Optional.ofNullable(s.previewRevision()),
                s.history(), new ArrayList<>(s.runs().values()),
                s.startedAt() == null ? s.updatedAt() : s.startedAt(), s.updatedAt());
    }

    static RolloutStatus withLiveRuns(RolloutStatus st, Runs runs) {
        if (!runs.hasLive()) {
            return st;
        }
        return new RolloutStatus(st.rolloutId(), st.phase(), st.message(), st.currentStepIndex(),
                st.stepCount(), st.aborted(), st.pauseConditions(), st.stableRevision(),
                st.newRevision(), st.canaryWeight(), st.stableReplicas(), st.canaryReplicas(),
                st.activeRevision(), st.previewRevision(), st.history(),
                runs.overlay(st.analysisRuns()), st.startedAt(), st.updatedAt());
    }
}
