package dev.rollout.core.testkit;

import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.analysis.AnalysisRunRequest;
import dev.rollout.core.analysis.DefaultAnalysisLauncher;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one analysis with a real provider on virtual time, as a rollout's analysis step would:
 * the clock moves to the next scheduled task only while no measurement is in flight, so a real
 * HTTP call is bounded by its own (real) timeout and never by virtual time racing ahead.
 */
public final class AnalysisDriver {
    private final VirtualScheduler scheduler;
    private final TemplateRegistry templates;
    private final MetricProvider provider;
    private final SecretResolver secrets;

    /** A driver for runs of {@code templates} measured by {@code provider}. */
    public AnalysisDriver(VirtualScheduler scheduler, TemplateRegistry templates, MetricProvider provider,
            SecretResolver secrets) {
        this.scheduler = scheduler;
        this.templates = templates;
        this.provider = provider;
        this.secrets = secrets;
    }

    /** A finished run: its status and the events it emitted. */
    public record Outcome(AnalysisRunStatus status, List<RolloutEvent> events, int measurements) {
    }

    /** Runs template {@code template} with {@code args} until it completes; fails if it wedges. */
    public Outcome run(String template, List<AnalysisRef.Arg> args) throws InterruptedException {
        Counting counting = new Counting(provider);
        DefaultAnalysisLauncher.Builder builder = DefaultAnalysisLauncher.builder().scheduler(scheduler)
                .templates(templates).provider(counting).providerExecutor(Runnable::run);
        if (secrets != null) {
            builder.secretResolver(secrets);
        }
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<AnalysisRunStatus> done = new CompletableFuture<>();
        builder.build().start(new AnalysisRunRequest("default/checkout", "default", "2", "checkout-2-step1",
                new AnalysisRef(List.of(new AnalysisRef.TemplateRef(template, false)), args), Map.of(),
                events::add), status -> {
                    if (status.phase().isCompleted()) {
                        done.complete(status);
                    }
                });
        drive(scheduler, counting, done::isDone);
        return new Outcome(done.join(), List.copyOf(events), counting.started());
    }

    /**
     * Runs {@code scheduler} until {@code done}: due tasks at once, then the clock to the next task,
     * but only while {@code counting} has no measurement in flight; fails after 60 s of real time.
     */
    public static void drive(VirtualScheduler scheduler, Counting counting, BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not finished within 60 s of real time");
            }
            counting.awaitIdle();
            scheduler.runDue();
            if (done.getAsBoolean() || counting.outstanding() > 0) {
                continue;
            }
            Optional<Instant> next = scheduler.nextDue();
            if (next.isEmpty()) {
                throw new AssertionError("neither finished nor waiting for anything");
            }
            scheduler.advance(Duration.ofMillis(Math.max(0, next.get().toEpochMilli() - scheduler.clock().millis())));
        }
    }

    /** A provider counting measurements in flight; one counts until the run has been handed its result. */
    public static final class Counting implements MetricProvider {
        private final MetricProvider delegate;
        private int outstanding;
        private int started;

        /** Counts the measurements of {@code delegate}. */
        public Counting(MetricProvider delegate) {
            this.delegate = delegate;
        }

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public List<String> validate(Map<String, Object> block) {
            return delegate.validate(block);
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            synchronized (this) {
                outstanding++;
                started++;
            }
            CompletableFuture<MetricValue> mine = new CompletableFuture<>();
            delegate.measure(request).whenComplete((value, error) -> {
                if (error == null) {
                    mine.complete(value);
                } else {
                    mine.completeExceptionally(error);
                }
                synchronized (this) {
                    outstanding--;
                    notifyAll();
                }
            });
            return mine;
        }

        /** Measurements in flight. */
        public synchronized int outstanding() {
            return outstanding;
        }

        /** Measurements started so far. */
        public synchronized int started() {
            return started;
        }

        /** Waits (real time, at most 30 s) until no measurement is in flight. */
        public synchronized void awaitIdle() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (outstanding > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("a measurement never completed");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
