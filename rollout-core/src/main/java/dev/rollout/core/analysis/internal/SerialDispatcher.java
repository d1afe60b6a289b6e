package dev.rollout.core.analysis.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers a run's notifications one at a time, in order, outside the run's lock, on whichever
 * thread submitted them; a notification that throws is logged and skipped.
 */
final class SerialDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(SerialDispatcher.class);
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    void submitAll(List<Runnable> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        queue.addAll(notifications);
        while (!queue.isEmpty() && draining.compareAndSet(false, true)) {
            try {
                Runnable next;
                while ((next = queue.poll()) != null) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        LOG.warn("analysis listener threw; ignored", e);
                    }
                }
            } finally {
                draining.set(false);
            }
        }
    }
}
