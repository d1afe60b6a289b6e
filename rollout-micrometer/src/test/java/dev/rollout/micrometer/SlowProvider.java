package dev.rollout.micrometer;

import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A fake provider that answers after {@code latency} of the scheduler's virtual time: 0.99 for
 * rollouts whose name starts with {@code good}, 0.5 for the others.
 */
final class SlowProvider implements MetricProvider {
    static final Duration LATENCY = Duration.ofMillis(1500);
    private final Scheduler scheduler;

    SlowProvider(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public String type() {
        return "slow";
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        CompletableFuture<MetricValue> answer = new CompletableFuture<>();
        double value = request.rolloutId().startsWith("shop/good") ? 0.99 : 0.5;
        scheduler.schedule(() -> answer.complete(new MetricValue.Scalar(value)), LATENCY);
        return answer;
    }
}
