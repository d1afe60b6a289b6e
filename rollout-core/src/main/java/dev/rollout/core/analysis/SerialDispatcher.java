package dev.rollout.core.analysis;

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

    /** Queues {@code notifications} and delivers everything queued, on this thread. */
    void submitAll(List<Runnable> notifications) {
        queue.addAll(notifications);
        drain();
    }

    /** Queues {@code notifications} in order, for a later {@link #drain()}. */
    void enqueue(List<Runnable> notifications) {
        queue.addAll(notifications);
    }

    /** Delivers everything queued, unless another thread is delivering already. */
    void drain() {
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
