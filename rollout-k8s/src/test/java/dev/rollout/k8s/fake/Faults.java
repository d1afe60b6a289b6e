package dev.rollout.k8s.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Programmable failures: the next N requests matching a method and a path regex get a fault instead
 * of (or, for a delay, before) their normal answer. Rules are tried in the order added; a used-up
 * rule is dropped. Thread-safe.
 */
public final class Faults {
    /** What happens to a matching request. */
    public sealed interface Fault permits Respond, Hang, Drop, Delay, ApplyThenDrop, Held {
    }

    /** Answer with a Status failure of this code and reason (e.g. 409 Conflict, 500 InternalError). */
    public record Respond(int code, String reason, String message, Integer retryAfterSeconds) implements Fault {
    }

    /** Wait this long (wall time), then drop the connection without an answer; lets clients time out. */
    public record Hang(Duration duration) implements Fault {
    }

    /** Close the connection without an answer. */
    public record Drop() implements Fault {
    }

    /** Carry the request out, then close the connection without the answer (a lost response). */
    public record ApplyThenDrop() implements Fault {
    }

    /** Wait until the test releases the gate, then answer normally. */
    public record Held(Gate gate) implements Fault {
    }

    /**
     * A gate that holds matching requests until released, for deterministic races: await that a
     * request is held, act meanwhile, then release it.
     */
    public static final class Gate {
        private final java.util.concurrent.Semaphore arrivals = new java.util.concurrent.Semaphore(0);
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

        void arrive() {
            arrivals.release();
        }

        void awaitRelease() throws InterruptedException {
            // Bounded so a forgotten gate cannot wedge a test run.
            released.await(60, java.util.concurrent.TimeUnit.SECONDS);
        }

        /** Waits until one more request is held; false when none arrives within the timeout. */
        public boolean awaitHeld(Duration timeout) throws InterruptedException {
            return arrivals.tryAcquire(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        /** Lets every held request (and later ones) go on. */
        public void release() {
            released.countDown();
        }
    }

    /** Wait this long (wall time), then answer normally. */
    public record Delay(Duration duration) implements Fault {
    }

    /** A rule: {@code remaining} matching requests (-1: unlimited) get the fault. */
    private static final class Rule {
        final String method;
        final Pattern path;
        int remaining;
        final Fault fault;

        Rule(String method, Pattern path, int remaining, Fault fault) {
            this.method = method;
            this.path = path;
            this.remaining = remaining;
            this.fault = fault;
        }
    }

    private final List<Rule> rules = new ArrayList<>();
    private volatile Duration latency = Duration.ZERO;

    /** Starts a rule for requests with this method (null: any) and a path matching the regex entirely. */
    public RuleBuilder on(String method, String pathRegex) {
        return new RuleBuilder(method, Pattern.compile(pathRegex));
    }

    /** Adds this wall-time latency before every answer (zero to turn off). */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    Duration latency() {
        return latency;
    }

    /** Removes every rule and the latency. */
    public synchronized void clear() {
        rules.clear();
        latency = Duration.ZERO;
    }

    /** How many rules still have requests left to fail. */
    public synchronized int pending() {
        return rules.size();
    }

    synchronized Optional<Fault> next(String method, String path) {
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if ((r.method == null || r.method.equalsIgnoreCase(method)) && r.path.matcher(path).matches()) {
                if (r.remaining > 0 && --r.remaining == 0) {
                    rules.remove(i);
                }
                return Optional.of(r.fault);
            }
        }
        return Optional.empty();
    }

    private synchronized void add(Rule rule) {
        rules.add(rule);
    }

    /** Builds one rule; finish with one of the fault methods. */
    public final class RuleBuilder {
        private final String method;
        private final Pattern path;
        private int times = 1;

        private RuleBuilder(String method, Pattern path) {
            this.method = method;
            this.path = path;
        }

        /** Applies to the next {@code n} matching requests (default 1). */
        public RuleBuilder times(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("times must be at least 1, was " + n);
            }
            this.times = n;
            return this;
        }

        /** Applies to every matching request until {@link Faults#clear()}. */
        public RuleBuilder always() {
            this.times = -1;
            return this;
        }

        /** Answers a Status failure with this code and reason. */
        public void respond(int code, String reason, String message) {
            add(new Rule(method, path, times, new Respond(code, reason, message, null)));
        }

        /** Answers 409 Conflict ("the object has been modified"). */
        public void conflict() {
            respond(409, "Conflict", "Operation cannot be fulfilled: the object has been modified; please apply"
                    + " your changes to the latest version and try again");
        }

        /** Answers 500 InternalError. */
        public void serverError() {
            respond(500, "InternalError", "Internal error occurred: injected fault");
        }

        /** Answers 429 TooManyRequests with a Retry-After header. */
        public void tooManyRequests(int retryAfterSeconds) {
            add(new Rule(method, path, times, new Respond(429, "TooManyRequests",
                    "Too many requests, please try again later.", retryAfterSeconds)));
        }

        /** Holds the request for a wall-time duration, then drops the connection. */
        public void hang(Duration duration) {
            add(new Rule(method, path, times, new Hang(duration)));
        }

        /** Drops the connection without answering. */
        public void drop() {
            add(new Rule(method, path, times, new Drop()));
        }

        /**
         * Carries the request out but drops the connection instead of answering, so the change is
         * made while the client sees an I/O error (note that OkHttp may then resend the request).
         */
        public void applyThenDrop() {
            add(new Rule(method, path, times, new ApplyThenDrop()));
        }

        /** Holds matching requests until the returned gate is released, then answers them normally. */
        public Gate hold() {
            Gate gate = new Gate();
            add(new Rule(method, path, times, new Held(gate)));
            return gate;
        }

        /** Answers normally after a wall-time delay. */
        public void delay(Duration duration) {
            add(new Rule(method, path, times, new Delay(duration)));
        }
    }
}
