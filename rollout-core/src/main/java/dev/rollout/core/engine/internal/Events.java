package dev.rollout.core.engine.internal;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Events of one rollout waiting to be delivered, in order, when its locked section ends. */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final RolloutListener listener;
    private List<RolloutEvent> pending;

    Events(RolloutListener listener) {
        this.listener = listener;
    }

    void add(RolloutEvent event) {
        if (pending == null) {
            pending = new ArrayList<>(4);
        }
        pending.add(event);
    }

    void flush() {
        if (pending == null) {
            return;
        }
        List<RolloutEvent> batch = pending;
        pending = null;
        for (RolloutEvent e : batch) {
            deliver(listener, e);
        }
    }

    /** Calls a listener; an exception is logged and never stops a rollout. */
    static void deliver(RolloutListener listener, RolloutEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException ex) {
            LOG.warn("Rollout {} revision {}: listener failed on {}: {}", event.rolloutId(),
                    event.revision(), event.getClass().getSimpleName(), ex.toString());
        }
    }
}
