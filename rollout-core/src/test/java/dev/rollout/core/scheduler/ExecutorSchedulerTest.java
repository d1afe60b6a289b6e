package dev.rollout.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {

    @Test
    void runsTasksOnTwoDaemonThreadsByDefault() throws Exception {
        try (ExecutorScheduler scheduler = new ExecutorScheduler()) {
            assertThat(scheduler.threads()).isEqualTo(2);
            Set<Boolean> daemon = ConcurrentHashMap.newKeySet();
            CountDownLatch done = new CountDownLatch(2);
            scheduler.execute(() -> {
                throw new IllegalStateException("a failing task is logged, not fatal");
            });
            for (int i = 0; i < 2; i++) {
                scheduler.execute(() -> {
                    daemon.add(Thread.currentThread().isDaemon());
                    done.countDown();
                });
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon).containsExactly(true);
        }
    }

    @Test
    void aCancelledTaskDoesNotRunAndClosedSchedulersDropTasks() throws Exception {
        ExecutorScheduler scheduler = new ExecutorScheduler(1);
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(scheduler.schedule(ran::countDown, Duration.ofHours(1)).cancel()).isTrue();
        scheduler.close();
        assertThat(scheduler.schedule(ran::countDown, Duration.ZERO).cancel()).isFalse();
        assertThat(ran.getCount()).isEqualTo(1);
    }

    @Test
    void threadCountIsBounded() {
        assertThatThrownBy(() -> new ExecutorScheduler(5)).hasMessageContaining("threads must be 1..4");
        assertThatThrownBy(() -> new ExecutorScheduler(0)).hasMessageContaining("threads must be 1..4");
    }
}
