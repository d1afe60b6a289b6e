package dev.rollout.examples.cli;

import dev.rollout.api.Scheduler;
import dev.rollout.core.scheduler.ExecutorScheduler;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How time passes in the demo: in real time for people (the {@code demo} command), or in virtual
 * time for the demo's test, which tells the same story without waiting.
 */
interface DemoPace extends AutoCloseable {

    /** The scheduler the demo's engine runs on. */
    Scheduler scheduler();

    /** Lets time pass until {@code done} completes or {@code limit} has passed; true if done. */
    boolean await(CompletableFuture<Void> done, Duration limit);

    @Override
    void close();

    /** Real time on the engine's own threads. */
    static DemoPace realTime() {
        ExecutorScheduler scheduler = new ExecutorScheduler();
        return new DemoPace() {
            @Override
            public Scheduler scheduler() {
                return scheduler;
            }

            @Override
            public boolean await(CompletableFuture<Void> done, Duration limit) {
                try {
                    done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (ExecutionException | TimeoutException e) {
                    return false;
                }
            }

            @Override
            public void close() {
                scheduler.close();
            }
        };
    }

    /** Virtual time on the calling thread. */
    static DemoPace virtual() {
        VirtualScheduler scheduler = new VirtualScheduler();
        return new DemoPace() {
            @Override
            public Scheduler scheduler() {
                return scheduler;
            }

            @Override
            public boolean await(CompletableFuture<Void> done, Duration limit) {
                var end = scheduler.clock().instant().plus(limit);
                while (!done.isDone()) {
                    scheduler.runDue();
                    var next = scheduler.nextDue();
                    if (done.isDone() || next.isEmpty() || next.get().isAfter(end)) {
                        break;
                    }
                    scheduler.advance(Duration.between(scheduler.clock().instant(), next.get()));
                }
                return done.isDone();
            }

            @Override
            public void close() {
            }
        };
    }
}
