package dev.rollout.core;

import dev.rollout.api.model.RolloutPhase;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a rollout is in its life, persisted as {@code lifecycle}; the reported {@link RolloutPhase}
 * follows from it. Only {@link Transitions} moves a rollout between stages, and only along
 * {@link #TABLE}: anything else is a bug in the engine and fails loudly.
 */
enum Stage {
    /** Steps (or stages) are being applied. */
    PROGRESSING(RolloutPhase.Progressing),
    /** A pause holds the rollout: a pause step, a blue/green gate, an inconclusive run, the operator. */
    PAUSED(RolloutPhase.Paused),
    /** The progress deadline passed without progress; recovers once pods become available. */
    STALLED(RolloutPhase.Degraded),
    /** Aborted: traffic went back to stable; only a retry or an undo leaves it. */
    ABORTED(RolloutPhase.Degraded),
    /** The new revision is stable (promoted, already running, or rolled back to). */
    COMPLETED(RolloutPhase.Healthy);

    /** Legal moves; staying in a stage is always legal. */
    static final Map<Stage, Set<Stage>> TABLE = table();

    private final RolloutPhase phase;

    Stage(RolloutPhase phase) {
        this.phase = phase;
    }

    /** The phase this stage is reported as. */
    public RolloutPhase phase() {
        return phase;
    }

    /** Whether a rollout may move from this stage to {@code to}. */
    public boolean allows(Stage to) {
        return to == this || TABLE.get(this).contains(to);
    }

    private static Map<Stage, Set<Stage>> table() {
        Map<Stage, Set<Stage>> t = new EnumMap<>(Stage.class);
        t.put(PROGRESSING, EnumSet.of(PAUSED, STALLED, ABORTED, COMPLETED));
        t.put(PAUSED, EnumSet.of(PROGRESSING, STALLED, ABORTED, COMPLETED));
        t.put(STALLED, EnumSet.of(PROGRESSING, PAUSED, ABORTED, COMPLETED));
        // Retry starts again; an undo to the stable revision completes an aborted rollout.
        t.put(ABORTED, EnumSet.of(PROGRESSING, COMPLETED));
        t.put(COMPLETED, EnumSet.noneOf(Stage.class));
        return t;
    }
}
