package dev.rollout.core;

import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutStatus;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What {@link RolloutEngine} hands out for a rollout: only the {@link RolloutHandle} methods. The
 * engine's state machine implements more (its state, transitions); a caller casting the handle it
 * received must not reach them, so the engine never returns the machine itself. Two handles of one
 * rollout are equal. Thread-safe, as the handle it wraps.
 */
final class EngineHandle implements RolloutHandle {
    private final RolloutHandle machine;

    private EngineHandle(RolloutHandle machine) {
        this.machine = machine;
    }

    /** {@code machine} as callers may see it; null stays null. */
    static RolloutHandle of(RolloutHandle machine) {
        if (machine == null || machine instanceof EngineHandle) {
            return machine;
        }
        return new EngineHandle(machine);
    }

    @Override
    public String id() {
        return machine.id();
    }

    @Override
    public RolloutStatus status() {
        return machine.status();
    }

    @Override
    public CompletionStage<RolloutStatus> completion() {
        return machine.completion();
    }

    @Override
    public RolloutStatus promote() {
        return machine.promote();
    }

    @Override
    public RolloutStatus promoteFull() {
        return machine.promoteFull();
    }

    @Override
    public RolloutStatus abort() {
        return machine.abort();
    }

    @Override
    public RolloutStatus retry() {
        return machine.retry();
    }

    @Override
    public RolloutStatus pause() {
        return machine.pause();
    }

    @Override
    public RolloutStatus resume() {
        return machine.resume();
    }

    @Override
    public RolloutStatus undo(Revision revision) {
        return machine.undo(revision);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EngineHandle that && that.machine == machine;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(machine);
    }

    @Override
    public String toString() {
        return "RolloutHandle[" + id() + "]";
    }
}
