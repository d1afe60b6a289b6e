package dev.rollout.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.api.RolloutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Tracked work (a real call answering on another thread) holds virtual time until it completes. */
class VirtualSchedulerTrackingTest {
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final Instant start = scheduler.clock().instant();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    /** Another thread, a little later in real time: a real call answering. */
    private final Executor later = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

    /** Tracked work that, like an analysis run, queues its follow-up before it completes. */
    private CompletableFuture<Void> answerLater(String name) {
        CompletableFuture<Void> call = new CompletableFuture<>();
        assertThat(scheduler.track(call)).isTrue();
        later.execute(() -> {
            scheduler.execute(() -> ran.add(name + "@" + scheduler.clock().instant()));
            call.complete(null);
        });
        return call;
    }

    @Test
    void theClockDoesNotMoveToALaterTaskWhileTrackedWorkIsInFlight() {
        scheduler.schedule(() -> ran.add("timeout"), Duration.ofSeconds(30));
        answerLater("answer");

        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(ran).containsExactly("answer@" + start, "timeout");
        assertThat(scheduler.externalWorkInFlight()).isZero();
    }

    @Test
    void runUntilIdleWaitsForTrackedWorkEvenWithNothingQueued() {
        answerLater("answer");

        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(ran).containsExactly("answer@" + start);
    }

    @Test
    void advanceWaitsBeforeItMovesTheClock() {
        scheduler.schedule(() -> ran.add("at 10s"), Duration.ofSeconds(10));
        answerLater("answer");

        scheduler.advance(Duration.ofMinutes(1));

        assertThat(ran).containsExactly("answer@" + start, "at 10s");
        assertThat(scheduler.clock().instant()).isEqualTo(start.plus(Duration.ofMinutes(1)));
    }

    @Test
    void runDueNeitherWaitsNorMovesTheClock() {
        scheduler.track(new CompletableFuture<>());
        scheduler.schedule(() -> ran.add("later"), Duration.ofSeconds(1));

        assertThat(scheduler.runDue()).isZero();
        assertThat(scheduler.externalWorkInFlight()).isEqualTo(1);
        assertThat(scheduler.clock().instant()).isEqualTo(start);
    }

    @Test
    void workThatNeverCompletesFailsWithAClearErrorAndTheClockStays() {
        VirtualScheduler bounded = new VirtualScheduler(new MockClock(start), Duration.ofMillis(100));
        bounded.schedule(() -> ran.add("later"), Duration.ofSeconds(1));
        bounded.track(new CompletableFuture<>());

        assertThatThrownBy(() -> bounded.runUntilIdle(Duration.ofHours(1)))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("virtual time cannot move on at " + start)
                .hasMessageContaining("1 tracked call(s)")
                .hasMessageContaining("after PT0.1S of real time");
        assertThat(ran).isEmpty();
        assertThat(bounded.clock().instant()).isEqualTo(start);
        assertThat(bounded.pendingTasks()).isEqualTo(1);
    }

    @Test
    void aSchedulerIgnoringExternalWorkTracksNothing() {
        VirtualScheduler untracked = VirtualScheduler.ignoringExternalWork(new MockClock(start));
        untracked.schedule(() -> ran.add("later"), Duration.ofSeconds(30));

        assertThat(untracked.track(new CompletableFuture<>())).isFalse();
        untracked.runUntilIdle(Duration.ofHours(1));

        assertThat(ran).containsExactly("later");
        assertThat(untracked.externalWorkWait()).isZero();
    }

    @Test
    void theWaitMustBePositive() {
        assertThatThrownBy(() -> new VirtualScheduler(new MockClock(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("externalWorkWait must be positive, was PT0S");
    }
}
