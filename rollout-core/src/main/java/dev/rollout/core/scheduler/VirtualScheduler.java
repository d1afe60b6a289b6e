package dev.rollout.core.scheduler;

import dev.rollout.api.Clock;
import dev.rollout.api.MockClock;
import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic scheduler on virtual time: tasks wait in a queue ordered by due time and run
 * on the thread that calls {@link #runUntilIdle} or {@link #advance}, which moves the
 * {@link MockClock} to each task's due time. Tasks due at the same instant run in the order they
 * were scheduled. A one-hour pause therefore ends at once. {@code schedule} is thread-safe; the
 * run methods are meant for one driving thread.
 */
public final class VirtualScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualScheduler.class);

    private final MockClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;
    private long executed;

    /** A scheduler on a new {@link MockClock} at its default start instant. */
    public VirtualScheduler() {
        this(new MockClock());
    }

    /** A scheduler driving the given clock; nothing else should move that clock. */
    public VirtualScheduler(MockClock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /** The virtual clock this scheduler moves. */
    public MockClock mockClock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Runnable task, Duration delay) {
        java.util.Objects.requireNonNull(task, "task");
        long delayMillis = Math.max(0, delay.toMillis());
        synchronized (queue) {
            Task t = new Task(clock.millis() + delayMillis, sequence++, task);
            queue.add(t);
            queue.notifyAll();
            return t;
        }
    }

    /**
     * Runs tasks in due order, moving the clock to each, until none is left or the next one is
     * due more than {@code maxVirtual} after the start; returns the number of tasks run.
     */
    public long runUntilIdle(Duration maxVirtual) {
        long limit = saturatedAdd(clock.millis(), maxVirtual.toMillis());
        return runUntil(limit, false);
    }

    /** Runs every task due within {@code amount} of now, then leaves the clock at now + amount. */
    public long advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount);
        }
        long limit = saturatedAdd(clock.millis(), amount.toMillis());
        return runUntil(limit, true);
    }

    /** Runs the tasks that are due now without moving the clock. */
    public long runDue() {
        return runUntil(clock.millis(), false);
    }

    /**
     * Waits, in real time and at most {@code limit}, until a task is due at the current virtual
     * instant; for tests whose tasks are scheduled from other threads (a provider answering over
     * HTTP). Returns whether one is due; the clock does not move.
     */
    public boolean awaitDue(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (queue) {
            while (true) {
                dropCancelledHead();
                Task head = queue.peek();
                if (head != null && head.due <= clock.millis()) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                queue.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** The number of tasks waiting to run (cancelled tasks excluded). */
    public int pendingTasks() {
        synchronized (queue) {
            int n = 0;
            for (Task t : queue) {
                if (!t.cancelled) {
                    n++;
                }
            }
            return n;
        }
    }

    /** The due time of the next waiting task, if any. */
    public java.util.Optional<Instant> nextDue() {
        synchronized (queue) {
            dropCancelledHead();
            Task head = queue.peek();
            return head == null ? java.util.Optional.empty()
                    : java.util.Optional.of(Instant.ofEpochMilli(head.due));
        }
    }

    /** Tasks run since this scheduler was created. */
    public long executedTasks() {
        synchronized (queue) {
            return executed;
        }
    }

    private long runUntil(long limit, boolean moveClockToLimit) {
        long ran = 0;
        while (true) {
            Task next;
            synchronized (queue) {
                dropCancelledHead();
                next = queue.peek();
                if (next == null || next.due > limit) {
                    break;
                }
                queue.poll();
                next.started = true;
                executed++;
            }
            if (next.due > clock.millis()) {
                clock.set(Instant.ofEpochMilli(next.due));
            }
            try {
                next.runnable.run();
            } catch (RuntimeException e) {
                LOG.error("A scheduled task failed; the scheduler continues", e);
            }
            ran++;
        }
        if (moveClockToLimit && limit > clock.millis()) {
            clock.set(Instant.ofEpochMilli(limit));
        }
        return ran;
    }

    private void dropCancelledHead() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    public String toString() {
        return "VirtualScheduler[" + clock.instant() + ", pending=" + pendingTasks() + "]";
    }

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable runnable;
        boolean cancelled;
        boolean started;

        Task(long due, long seq, Runnable runnable) {
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            synchronized (queue) {
                if (cancelled || started) {
                    return false;
                }
                cancelled = true;
                return true;
            }
        }
    }
}
