package dev.rollout.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Single flight: callers asking the same question while it is in flight share one request, and a
 * completed answer is reused until its expiry. Each caller gets its own future; cancelling it
 * detaches that caller only, and the request itself is cancelled when no caller is left.
 * Failures are never reused. Thread-safe.
 *
 * @param <K> the question (equal keys share a request)
 * @param <V> the answer
 */
public final class FlightGroup<K, V> {

    /** A started request: its future and how to stop it. */
    public record Started<V>(CompletableFuture<V> future, Runnable cancel) {
    }

    private final LongSupplier clock;
    private final Map<K, Flight<V>> flights = new HashMap<>();
    private final Map<K, Cached<V>> answers = new HashMap<>();
    private long started;

    /** A group reading time from {@code clock} (milliseconds) for the expiry of answers. */
    public FlightGroup(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Joins the flight for {@code key}, starting it with {@code starter} when there is none.
     *
     * @param reuseUntilMillis until when a successful answer may be given to later callers
     */
    public CompletableFuture<V> join(K key, long reuseUntilMillis, Supplier<Started<V>> starter) {
        Flight<V> flight;
        boolean first = false;
        synchronized (this) {
            long now = clock.getAsLong();
            answers.values().removeIf(cached -> cached.until <= now);
            Cached<V> cached = answers.get(key);
            if (cached != null) {
                return CompletableFuture.completedFuture(cached.value);
            }
            flight = flights.get(key);
            if (flight == null) {
                flight = new Flight<>();
                flights.put(key, flight);
                first = true;
                started++;
            }
            flight.waiters++;
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        Flight<V> joined = flight;
        if (first) {
            Started<V> request;
            try {
                request = starter.get();
            } catch (RuntimeException e) {
                synchronized (this) {
                    flights.remove(key, joined);
                }
                joined.shared.completeExceptionally(e);
                return CompletableFuture.failedFuture(e);
            }
            joined.cancel = request.cancel();
            request.future().whenComplete((value, error) -> {
                synchronized (this) {
                    flights.remove(key, joined);
                    if (error == null && reuseUntilMillis > clock.getAsLong()) {
                        answers.put(key, new Cached<>(value, reuseUntilMillis));
                    }
                }
                if (error == null) {
                    joined.shared.complete(value);
                } else {
                    joined.shared.completeExceptionally(unwrap(error));
                }
            });
        }
        joined.shared.whenComplete((value, error) -> {
            if (error == null) {
                mine.complete(value);
            } else {
                mine.completeExceptionally(error);
            }
        });
        mine.whenComplete((value, error) -> {
            if (error instanceof CancellationException && mine.isCancelled()) {
                leave(key, joined);
            }
        });
        return mine;
    }

    /**
     * The caller's own view of a joined flight: it completes with the flight's answer, or with the
     * flight's failure as {@code forCaller} rewrites it for this caller (e.g. redacted); cancelling
     * it cancels the joined future, so the caller leaves the flight.
     */
    public static <V> CompletableFuture<V> follow(CompletableFuture<V> joined,
            java.util.function.UnaryOperator<Throwable> forCaller) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        joined.whenComplete((value, error) -> {
            if (error == null) {
                mine.complete(value);
            } else {
                mine.completeExceptionally(forCaller.apply(error));
            }
        });
        mine.whenComplete((value, error) -> {
            if (mine.isCancelled()) {
                joined.cancel(false);
            }
        });
        return mine;
    }

    /** How many requests were started since this group was created. */
    public synchronized long requestsStarted() {
        return started;
    }

    /** How many flights are in progress. */
    public synchronized int inFlight() {
        return flights.size();
    }

    private void leave(K key, Flight<V> flight) {
        Runnable cancel = null;
        synchronized (this) {
            flight.waiters--;
            if (flight.waiters == 0 && !flight.shared.isDone()) {
                flights.remove(key, flight);
                cancel = flight.cancel;
            }
        }
        if (cancel != null) {
            cancel.run();
            flight.shared.cancel(false);
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
    }

    private static final class Flight<V> {
        final CompletableFuture<V> shared = new CompletableFuture<>();
        int waiters;
        volatile Runnable cancel = () -> { };
    }

    private record Cached<V>(V value, long until) {
    }
}
