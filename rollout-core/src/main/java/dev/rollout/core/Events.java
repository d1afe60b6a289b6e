package dev.rollout.core;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events of one rollout on their way to the listener. A locked section queues its events and
 * commits them, in order, before it releases the rollout's lock; they are delivered after the
 * lock is released, so a listener may call any rollout's handle, from any thread, without
 * deadlock. One thread delivers at a time, in commit order, so a rollout's events never overtake
 * each other; a thread that finds another delivering leaves its events to that one. Analysis
 * events come from analysis threads and join the same queue ({@link #offer}); an event (analysis
 * or the engine's own) stamped before one already queued is delivered at that event's instant, so
 * a listener sees each rollout's events one at a time and in non-decreasing time.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private final RolloutListener listener;
    private final Queue<RolloutEvent> committed = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private List<RolloutEvent> pending;
    /** The latest instant queued; guarded by {@code this}. */
    private Instant lastAt = Instant.MIN;

    Events(RolloutListener listener) {
        this.listener = listener;
    }

    /** Queues an event of the current locked section; only under the rollout's lock. */
    void add(RolloutEvent event) {
        if (pending == null) {
            pending = new ArrayList<>(4);
        }
        pending.add(event);
    }

    /** Commits the section's events for delivery, in order; only under the rollout's lock. */
    void commit() {
        if (pending != null) {
            for (RolloutEvent event : pending) {
                offer(event);
            }
            pending = null;
        }
    }

    /** Queues an event for delivery after those queued before it; any thread. */
    synchronized void offer(RolloutEvent event) {
        RolloutEvent ordered = event.at().isBefore(lastAt) ? restamp(event, lastAt) : event;
        lastAt = ordered.at();
        committed.add(ordered);
    }

    /**
     * The event at {@code at}, all else kept: an analysis result reported after the rollout moved
     * on keeps its measurement's own times and takes its place in the stream, and so does an
     * engine event stamped under the lock while an analysis thread queued a later one before the
     * section committed. Every event type is a record with an {@code at} component; the copy is
     * made through its canonical constructor, so a new event type needs nothing here.
     */
    static RolloutEvent restamp(RolloutEvent e, Instant at) {
        RecordComponent[] components = e.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("at") ? at
                        : components[i].getAccessor().invoke(e);
            }
            return (RolloutEvent) e.getClass().getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException | RuntimeException ex) {
            throw new IllegalStateException("cannot restamp " + e.getClass().getSimpleName(), ex);
        }
    }

    /**
     * Delivers committed events unless another thread (or an outer call on this one: a listener
     * acting on its own rollout) is delivering already; never under the rollout's lock.
     */
    void deliverCommitted() {
        // Re-checked after letting go: events committed while this thread was finishing would
        // otherwise wait for the next change.
        while (!committed.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                RolloutEvent event;
                while ((event = committed.poll()) != null) {
                    deliver(listener, event);
                }
            } finally {
                delivering.set(false);
            }
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
