package dev.rollout.core.scheduler;

import dev.rollout.api.Clock;
import dev.rollout.api.MockClock;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic scheduler on virtual time: tasks wait in a queue ordered by due time and run
 * on the thread that calls {@link #runUntilIdle} or {@link #advance}, which moves the
 * {@link MockClock} to each task's due time. Tasks due at the same instant run in the order they
 * were scheduled. A one-hour pause therefore ends at once. {@code schedule} is thread-safe; the
 * run methods are meant for one driving thread.
 *
 * <p>Work running outside the scheduler and announced with {@link #track} (the analysis launcher
 * announces every call of a real metric provider) holds virtual time: {@code runUntilIdle} and
 * {@code advance} run what is due now, then wait in real time until that work has completed before
 * they move the clock, at most {@link #externalWorkWait()} per wait, and then fail with a
 * {@link RolloutException} saying so. So a real provider may be used under virtual time: its
 * measurement is never expired by virtual time passing while its call is in flight. A tracked call
 * must not itself wait for this scheduler's virtual time (a provider given this scheduler for its
 * retry backoff): the clock would wait for it until {@link #externalWorkWait()}; give such a
 * provider a scheduler of its own. {@link #ignoringExternalWork} builds a scheduler that waits for nothing, for tests whose fake
 * providers live in virtual time (a provider that never answers then times out in virtual time).
 */
public final class VirtualScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualScheduler.class);

    /** How long, in real time, the clock waits for tracked work unless told otherwise. */
    public static final Duration DEFAULT_EXTERNAL_WORK_WAIT = Duration.ofMinutes(5);

    private final MockClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    /** Null when tracked work is not waited for. */
    private final Duration externalWait;
    private long sequence;
    private long executed;
    private int inFlight;

    /** A scheduler on a new {@link MockClock} at its default start instant. */
    public VirtualScheduler() {
        this(new MockClock());
    }

    /**
     * A scheduler driving the given clock (nothing else should move it) that waits up to
     * {@link #DEFAULT_EXTERNAL_WORK_WAIT} for tracked work.
     */
    public VirtualScheduler(MockClock clock) {
        this(clock, DEFAULT_EXTERNAL_WORK_WAIT);
    }

    /** A scheduler driving the given clock that waits up to {@code externalWorkWait} for tracked work. */
    public VirtualScheduler(MockClock clock, Duration externalWorkWait) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        java.util.Objects.requireNonNull(externalWorkWait, "externalWorkWait");
        if (externalWorkWait.isNegative() || externalWorkWait.isZero()) {
            throw new IllegalArgumentException("externalWorkWait must be positive, was " + externalWorkWait);
        }
        this.externalWait = externalWorkWait;
    }

    private VirtualScheduler(MockClock clock, boolean untracked) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.externalWait = null;
    }

    /**
     * A scheduler that tracks nothing: {@link #track} returns false, so measurement timeouts of
     * every provider run on virtual time. Only for tests whose providers are fakes answered in
     * virtual time; a real provider under it is timed out by virtual time while it answers.
     */
    public static VirtualScheduler ignoringExternalWork(MockClock clock) {
        return new VirtualScheduler(clock, true);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    /**
     * Holds virtual time until {@code work} completes (see the class documentation); the work must
     * schedule its follow-up on this scheduler before it completes. Returns false, tracking
     * nothing, for a scheduler built with {@link #ignoringExternalWork}.
     */
    @Override
    public boolean track(CompletionStage<?> work) {
        java.util.Objects.requireNonNull(work, "work");
        if (externalWait == null) {
            return false;
        }
        synchronized (queue) {
            inFlight++;
        }
        work.whenComplete((value, error) -> {
            synchronized (queue) {
                inFlight--;
                queue.notifyAll();
            }
        });
        return true;
    }

    /** Tracked work not completed yet. */
    public int externalWorkInFlight() {
        synchronized (queue) {
            return inFlight;
        }
    }

    /** How long, in real time, the clock waits for tracked work; zero when it waits for none. */
    public Duration externalWorkWait() {
        return externalWait == null ? Duration.ZERO : externalWait;
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
     * Runs tasks in due order, moving the clock to each, until none is left and no tracked work is
     * in flight, or the next task is due more than {@code maxVirtual} after the start; returns the
     * number of tasks run. {@code runUntilIdle(Duration.ZERO)} runs everything of the current
     * instant, including the answers of tracked work still in flight.
     *
     * @throws RolloutException when tracked work has not completed within {@link #externalWorkWait()}
     */
    public long runUntilIdle(Duration maxVirtual) {
        long limit = saturatedAdd(clock.millis(), maxVirtual.toMillis());
        return runUntil(limit, false, true);
    }

    /**
     * Runs every task due within {@code amount} of now, then leaves the clock at now + amount;
     * waits for tracked work as {@link #runUntilIdle} does.
     *
     * @throws RolloutException when tracked work has not completed within {@link #externalWorkWait()}
     */
    public long advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount);
        }
        long limit = saturatedAdd(clock.millis(), amount.toMillis());
        return runUntil(limit, true, true);
    }

    /** Runs the tasks that are due now, without moving the clock and without waiting for tracked work. */
    public long runDue() {
        return runUntil(clock.millis(), false, false);
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

    private long runUntil(long limit, boolean moveClockToLimit, boolean waitForExternal) {
        long ran = 0;
        while (true) {
            Task next;
            synchronized (queue) {
                next = nextTask(limit, waitForExternal);
                if (next == null) {
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

    /**
     * The next task to run, or null: one due now runs at once; before the clock may move (or the
     * run end) tracked work in flight is waited for, since its answer is due now.
     */
    private Task nextTask(long limit, boolean waitForExternal) {
        long waitingSince = 0;
        while (true) {
            dropCancelledHead();
            Task head = queue.peek();
            if (head != null && head.due <= clock.millis()) {
                return head;
            }
            if (waitForExternal && inFlight > 0) {
                long now = System.nanoTime();
                if (waitingSince == 0) {
                    waitingSince = now;
                }
                long left = externalWait.toNanos() - (now - waitingSince);
                if (left <= 0) {
                    throw new RolloutException("virtual time cannot move on at " + clock.instant()
                            + ": " + inFlight + " tracked call(s) (for example a metric provider's "
                            + "measurement) have not completed after " + externalWait + " of real "
                            + "time; give the measurement a shorter timeout or the scheduler a "
                            + "longer externalWorkWait");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(queue, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RolloutException("interrupted while waiting for " + inFlight
                            + " tracked call(s) to complete", e);
                }
                continue;
            }
            return head != null && head.due <= limit ? head : null;
        }
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
