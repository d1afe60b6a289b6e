package dev.rollout.core.simulation;

import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Counts measurements of real providers still in flight, so a simulation waits (in real time)
 * for a real HTTP answer before it moves virtual time on; otherwise every real measurement
 * would time out at once in virtual time.
 */
final class InFlightProviders {
    private final Object lock = new Object();
    private int inFlight;

    /** {@code provider}, counted. */
    MetricProvider track(MetricProvider provider) {
        return new MetricProvider() {
            @Override
            public String type() {
                return provider.type();
            }

            @Override
            public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
                synchronized (lock) {
                    inFlight++;
                }
                CompletableFuture<MetricValue> future;
                try {
                    future = provider.measure(request);
                } catch (RuntimeException e) {
                    done();
                    throw e;
                }
                future.whenComplete((value, error) -> done());
                return future;
            }

            @Override
            public List<String> validate(java.util.Map<String, Object> block) {
                return provider.validate(block);
            }
        };
    }

    private void done() {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    /** Waits until no measurement is in flight, at most {@code limit}; true if none is. */
    boolean awaitIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }
}
