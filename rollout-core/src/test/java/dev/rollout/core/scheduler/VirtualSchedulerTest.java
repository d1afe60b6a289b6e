package dev.rollout.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final Instant start = scheduler.clock().instant();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsTasksInDueOrderAndSameInstantInFifoOrder() {
        scheduler.schedule(() -> ran.add("b@10"), Duration.ofSeconds(10));
        scheduler.schedule(() -> ran.add("a@5"), Duration.ofSeconds(5));
        scheduler.schedule(() -> ran.add("c@10"), Duration.ofSeconds(10));
        scheduler.execute(() -> ran.add("now"));

        long count = scheduler.runUntilIdle(Duration.ofDays(1));

        assertThat(ran).containsExactly("now", "a@5", "b@10", "c@10");
        assertThat(count).isEqualTo(4);
        assertThat(scheduler.clock().instant()).isEqualTo(start.plusSeconds(10));
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void anHourLongWaitEndsAtOnceInVirtualTime() {
        scheduler.schedule(() -> ran.add("after an hour"), Duration.ofHours(1));
        scheduler.runUntilIdle(Duration.ofDays(1));
        assertThat(ran).containsExactly("after an hour");
        assertThat(scheduler.clock().instant()).isEqualTo(start.plus(Duration.ofHours(1)));
    }

    @Test
    void tasksScheduledByTasksRunInTheSamePass() {
        scheduler.execute(() -> {
            ran.add("first");
            scheduler.schedule(() -> ran.add("second"), Duration.ofMinutes(2));
        });
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void runUntilIdleStopsAtTheVirtualLimit() {
        scheduler.schedule(() -> ran.add("early"), Duration.ofMinutes(1));
        scheduler.schedule(() -> ran.add("late"), Duration.ofHours(2));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(ran).containsExactly("early");
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        assertThat(scheduler.nextDue()).contains(start.plus(Duration.ofHours(2)));
    }

    @Test
    void advanceRunsDueTasksAndMovesTheClockToTheEnd() {
        scheduler.schedule(() -> ran.add("in 30s"), Duration.ofSeconds(30));
        scheduler.schedule(() -> ran.add("in 90s"), Duration.ofSeconds(90));
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(ran).containsExactly("in 30s");
        assertThat(scheduler.clock().instant()).isEqualTo(start.plusSeconds(60));
    }

    @Test
    void cancelledTasksNeverRun() {
        Scheduler.Cancellable c = scheduler.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1));
        scheduler.schedule(() -> ran.add("kept"), Duration.ofSeconds(2));
        assertThat(c.cancel()).isTrue();
        assertThat(c.cancel()).isFalse();
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        scheduler.runUntilIdle(Duration.ofMinutes(1));
        assertThat(ran).containsExactly("kept");
    }

    @Test
    void aFailingTaskDoesNotStopTheOthers() {
        scheduler.execute(() -> {
            throw new IllegalStateException("boom");
        });
        scheduler.execute(() -> ran.add("still runs"));
        scheduler.runUntilIdle(Duration.ofMinutes(1));
        assertThat(ran).containsExactly("still runs");
    }

    @Test
    void awaitDueWakesWhenAnotherThreadSchedulesATaskForNow() throws Exception {
        scheduler.schedule(() -> ran.add("later"), Duration.ofSeconds(5));
        java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler.execute(() -> ran.add("answer"));
        });
        other.start();
        waiting.countDown();

        assertThat(scheduler.awaitDue(Duration.ofSeconds(10))).isTrue();
        other.join();
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(ran).containsExactly("answer");
        assertThat(scheduler.clock().instant()).isEqualTo(start);
    }

    @Test
    void awaitDueIgnoresFutureAndCancelledTasksAndGivesUpAfterItsLimit() throws Exception {
        scheduler.schedule(() -> ran.add("later"), Duration.ofSeconds(5));
        scheduler.execute(() -> ran.add("cancelled")).cancel();

        assertThat(scheduler.awaitDue(Duration.ofMillis(5))).isFalse();
        assertThat(ran).isEmpty();
    }
}
