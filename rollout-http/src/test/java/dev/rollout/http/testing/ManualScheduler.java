package dev.rollout.http.testing;

import dev.rollout.api.Clock;
import dev.rollout.api.MockClock;
import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler on virtual time for tests of the HTTP providers: tasks run only when the test
 * advances the clock. Records every delay asked for, so tests assert backoff and rate-limit waits
 * without waiting, and waits (boundedly, in real time) for tasks that OkHttp threads schedule.
 * Shared by rollout-datadog's and rollout-prometheus's tests through rollout-http's test-jar.
 */
public final class ManualScheduler implements Scheduler {
    private final MockClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.due)
            .thenComparingLong(t -> t.sequence));
    private final List<Duration> delays = new ArrayList<>();
    private long sequence;

    /** A scheduler whose time is {@code clock}. */
    public ManualScheduler(MockClock clock) {
        this.clock = clock;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Task t = new Task(clock.millis() + delay.toMillis(), sequence++, task);
        tasks.add(t);
        delays.add(delay);
        notifyAll();
        return () -> {
            synchronized (ManualScheduler.this) {
                return tasks.remove(t);
            }
        };
    }

    /** The delays asked for so far, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /**
     * Blocks until {@code count} tasks have been scheduled in total (HTTP answers arrive on OkHttp
     * threads); fails after 10 s of real time so a broken provider cannot hang the build.
     */
    public synchronized void awaitScheduled(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delays.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " scheduled tasks, got " + delays);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Advances virtual time by {@code step} whenever a task is pending, until {@code future}
     * completes; fails after 10 s of real time.
     */
    public void runUntilDone(java.util.concurrent.CompletableFuture<?> future, Duration step) throws InterruptedException {
        future.whenComplete((v, e) -> {
            synchronized (this) {
                notifyAll();
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!future.isDone()) {
            synchronized (this) {
                while (tasks.isEmpty() && !future.isDone()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("neither completed nor scheduled anything; delays " + delays);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            advance(step);
        }
    }

    /** Whether any task is waiting. */
    public synchronized boolean hasTasks() {
        return !tasks.isEmpty();
    }

    /** Moves the clock to the earliest waiting task and runs every task due by then. */
    public void advanceToNext() {
        long due;
        synchronized (this) {
            Task next = tasks.peek();
            if (next == null) {
                return;
            }
            due = next.due;
        }
        advance(Duration.ofMillis(Math.max(0, due - clock.millis())));
    }

    /** Moves the clock forward by {@code amount} and runs every task that became due. */
    public void advance(Duration amount) {
        clock.add(amount);
        while (true) {
            Task due;
            synchronized (this) {
                due = tasks.peek();
                if (due == null || due.due > clock.millis()) {
                    return;
                }
                tasks.poll();
            }
            due.task.run();
        }
    }

    private record Task(long due, long sequence, Runnable task) {
    }
}
