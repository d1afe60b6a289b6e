package dev.rollout.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadPoolSchedulerTest {

    @Test
    void aFailingTaskIsReportedAndTheNamedDaemonThreadCarriesOn() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        String[] thread = new String[1];
        try (ThreadPoolScheduler scheduler = new ThreadPoolScheduler(1, Clock.SYSTEM, "test-timer") {
            @Override
            protected void taskFailed(Throwable failure) {
                failures.add(failure);
            }
        }) {
            scheduler.execute(() -> {
                throw new IllegalStateException("boom");
            });
            scheduler.execute(() -> {
                thread[0] = Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? " daemon" : "");
                ran.countDown();
            });

            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(thread[0]).isEqualTo("test-timer-1 daemon");
            assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("boom");
            assertThat(scheduler.threads()).isEqualTo(1);
            assertThat(scheduler.clock()).isSameAs(Clock.SYSTEM);
        }
    }

    @Test
    void afterCloseTasksAreDropped() {
        ThreadPoolScheduler scheduler = new ThreadPoolScheduler(1, Clock.SYSTEM, "test-timer");
        scheduler.close();

        assertThat(scheduler.schedule(() -> { }, Duration.ofSeconds(1)).cancel()).isFalse();
        assertThatThrownBy(() -> new ThreadPoolScheduler(0, Clock.SYSTEM, "x")).hasMessageContaining("at least 1");
    }
}
