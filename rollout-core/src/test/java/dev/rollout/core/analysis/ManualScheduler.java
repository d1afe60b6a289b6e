package dev.rollout.core.analysis;

import dev.rollout.api.Clock;
import dev.rollout.api.MockClock;
import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A virtual-time scheduler for tests: tasks run only when the test advances time. */
final class ManualScheduler implements Scheduler {
    private final MockClock clock = new MockClock();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable runnable;
        boolean cancelled;

        Task(long due, long seq, Runnable runnable) {
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            synchronized (ManualScheduler.this) {
                if (cancelled || !queue.remove(this)) {
                    return false;
                }
                cancelled = true;
                return true;
            }
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(clock.millis() + delay.toMillis(), sequence++, task);
        queue.add(t);
        notifyAll();
        return t;
    }

    /** Runs every task due now, including tasks they schedule for now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code amount}, running every task due on the way, in order. */
    void advance(Duration amount) {
        long target = clock.millis() + amount.toMillis();
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    break;
                }
                queue.poll();
            }
            if (next.due > clock.millis()) {
                clock.set(Instant.ofEpochMilli(next.due));
            }
            next.runnable.run();
        }
        if (target > clock.millis()) {
            clock.set(Instant.ofEpochMilli(target));
        }
    }

    /** Waits (for real, up to {@code limit}) until a task is due now, for results coming from other threads. */
    synchronized boolean awaitDue(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (queue.isEmpty() || queue.peek().due > clock.millis()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Moves time to the next task and runs every task due then; false when nothing is scheduled. */
    boolean advanceToNext() {
        long due;
        synchronized (this) {
            if (queue.isEmpty()) {
                return false;
            }
            due = Math.max(queue.peek().due, clock.millis());
        }
        advance(Duration.ofMillis(due - clock.millis()));
        return true;
    }

    synchronized int pending() {
        return queue.size();
    }
}
