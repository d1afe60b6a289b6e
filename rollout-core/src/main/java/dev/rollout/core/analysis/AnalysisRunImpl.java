package dev.rollout.core.analysis;

import dev.rollout.api.ProviderException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One analysis run: schedules each metric's measurements on the shared scheduler, calls providers
 * off the scheduler thread with a timeout, and applies Argo's phase rules. State changes happen
 * under the run's lock; events and status updates are delivered after it is released, in order.
 * Thread-safe.
 */
final class AnalysisRunImpl implements AnalysisRun {
    private static final Logger LOG = LoggerFactory.getLogger(AnalysisRun.class);

    private final RunContext ctx;
    private final AnalysisRunRequest request;
    private final Consumer<AnalysisRunStatus> onUpdate;
    private final List<Secret> secrets;
    private final List<Slot> slots = new ArrayList<>();
    private final Object lock = new Object();
    private final SerialDispatcher dispatcher = new SerialDispatcher();
    private AnalysisPhase phase = AnalysisPhase.Pending;
    private String message = "";
    private boolean terminating;
    private volatile AnalysisRunStatus status;
    private volatile boolean stale;

    /** One metric of the run with its provider and its pending work. */
    private static final class Slot {
        final MetricState state;
        final MetricProvider provider;
        final boolean virtual;
        InFlight inFlight;
        Scheduler.Cancellable next;

        Slot(MetricState state, MetricProvider provider, boolean virtual) {
            this.state = state;
            this.provider = provider;
            this.virtual = virtual;
        }
    }

    /** A run of {@code metrics}, each measured by the provider {@code providerFor} answers. */
    public AnalysisRunImpl(RunContext ctx, AnalysisRunRequest request, List<ResolvedMetric> metrics,
            java.util.function.Function<ResolvedMetric, MetricProvider> providerFor,
            List<Secret> secrets, Consumer<AnalysisRunStatus> onUpdate) {
        this.ctx = ctx;
        this.request = request;
        this.onUpdate = onUpdate;
        // Longest first, so a secret that contains a shorter one is masked whole.
        this.secrets = secrets.stream()
                .sorted(Comparator.comparingInt((Secret x) -> x.reveal().length()).reversed())
                .toList();
        for (ResolvedMetric m : metrics) {
            MetricProvider provider = providerFor.apply(m);
            slots.add(new Slot(new MetricState(m, this::redact), provider,
                    ctx.answersInVirtualTime().test(provider)));
        }
        this.status = build();
    }

    /** Schedules each metric's first measurement after its initial delay. */
    public void start() {
        List<Runnable> out = new ArrayList<>();
        synchronized (lock) {
            for (Slot slot : slots) {
                slot.next = ctx.scheduler().schedule(() -> measure(slot), slot.state.metric().initialDelay());
            }
            publish(out);
            deliverLater(out);
        }
    }

    /** Completes the run in Error at once, because its spec failed a check after substitution. */
    public void failInvalid(String why) {
        List<Runnable> out = new ArrayList<>();
        synchronized (lock) {
            setRunPhase(AnalysisPhase.Error, redact("analysis spec invalid: " + why), out);
            publish(out);
            deliverLater(out);
        }
    }

    @Override
    public AnalysisRunStatus status() {
        if (stale) {
            synchronized (lock) {
                if (stale) {
                    status = build();
                    stale = false;
                }
            }
        }
        return status;
    }

    @Override
    public void terminate() {
        stop("run terminated");
    }

    @Override
    public void cancel() {
        stop("run cancelled: the rollout was aborted");
    }

    private void stop(String why) {
        List<Runnable> out = new ArrayList<>();
        synchronized (lock) {
            if (phase.isCompleted()) {
                return;
            }
            terminate(why, out);
            publish(out);
            deliverLater(out);
        }
    }

    /**
     * Delivers notifications made by a call from the engine on a scheduler thread, so listeners
     * are never called on the engine's thread (which may hold its own locks), in order.
     */
    private void deliverLater(List<Runnable> out) {
        dispatcher.enqueue(out);
        try {
            ctx.scheduler().execute(dispatcher::drain);
        } catch (RuntimeException e) {
            LOG.warn("rollout {} revision {}: analysis {} could not schedule its notifications",
                    request.rolloutId(), request.revision(), request.runName(), e);
        }
    }

    private void measure(Slot slot) {
        List<Runnable> out = new ArrayList<>();
        InFlight flight;
        MeasurementRequest req;
        synchronized (lock) {
            slot.next = null;
            if (phase.isCompleted() || terminating || slot.inFlight != null || !slot.state.wantsMore()) {
                return;
            }
            ResolvedMetric m = slot.state.metric();
            Instant now = ctx.scheduler().clock().instant();
            flight = new InFlight(now);
            slot.inFlight = flight;
            if (slot.state.markRunning()) {
                metricPhaseEvent(slot, AnalysisPhase.Running, "metric \"" + m.name() + "\" Running", out);
            }
            updateRunPhase(null, out);
            req = new MeasurementRequest(request.rolloutId(), request.runName(), m.name(), m.provider(),
                    now, m.interval(), ctx.measurementTimeout(), secrets);
            if (out.isEmpty()) {
                // no phase changed: the in-flight measurement shows in status() without an update
                stale = true;
            } else {
                publish(out);
            }
            dispatcher.enqueue(out);
        }
        dispatcher.drain();
        if (slot.virtual) {
            // Scripted values belong to the scheduler's own time: answered here, on its thread.
            invoke(slot, flight, req);
        } else {
            // A real provider answers in real time: a virtual-time scheduler holds its clock
            // until the outcome is queued, so virtual time never expires a call in flight.
            flight.held = ctx.scheduler().track(flight.settled);
            try {
                ctx.providerExecutor().execute(() -> invoke(slot, flight, req));
            } catch (RuntimeException e) {
                flight.settle();
                finished(slot, flight, null, e);
                return;
            }
        }
        synchronized (lock) {
            // A provider that already answered needs no timeout; skipping it keeps the scheduler's
            // queue small when providers answer at once (scripted values, caches).
            if (slot.inFlight == flight && !flight.answered) {
                flight.timeout = flight.held ? realTimeout(slot, flight) : virtualTimeout(slot, flight);
            }
        }
    }

    private Scheduler.Cancellable virtualTimeout(Slot slot, InFlight flight) {
        Duration elapsed = Duration.between(flight.startedAt, ctx.scheduler().clock().instant());
        Duration left = ctx.measurementTimeout().minus(elapsed);
        return ctx.scheduler().schedule(() -> timedOut(slot, flight),
                left.isNegative() ? Duration.ZERO : left);
    }

    /**
     * The timeout of a measurement the scheduler's clock waits for: measured in real time, since
     * that clock stands still meanwhile; the outcome is queued before the clock is released.
     */
    private Scheduler.Cancellable realTimeout(Slot slot, InFlight flight) {
        CompletableFuture<Void> timer = new CompletableFuture<>();
        timer.orTimeout(ctx.measurementTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ignored, error) -> {
                    if (error == null) {
                        return;
                    }
                    try {
                        ctx.scheduler().execute(() -> timedOut(slot, flight));
                    } finally {
                        flight.settle();
                    }
                });
        return () -> timer.complete(null);
    }

    private void invoke(Slot slot, InFlight flight, MeasurementRequest req) {
        if (flight.cancelled) {
            return;
        }
        CompletableFuture<MetricValue> future;
        try {
            future = slot.provider.measure(req);
            if (future == null) {
                future = CompletableFuture.failedFuture(new ProviderException("provider "
                        + slot.provider.type() + " returned no future"));
            }
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        flight.providerFuture = future;
        if (flight.cancelled) {
            future.cancel(true);
            return;
        }
        future.whenComplete((value, error) -> {
            flight.answered = true;
            try {
                ctx.scheduler().execute(() -> finished(slot, flight, value, error));
            } catch (RuntimeException e) {
                LOG.warn("rollout {} revision {}: analysis {} could not schedule a measurement result",
                        request.rolloutId(), request.revision(), request.runName(), e);
            } finally {
                flight.settle();
            }
        });
    }

    private void timedOut(Slot slot, InFlight flight) {
        List<Runnable> out = new ArrayList<>();
        synchronized (lock) {
            if (slot.inFlight != flight) {
                return;
            }
            slot.inFlight = null;
            flight.cancel();
            complete(slot, flight.startedAt, MeasurementEvaluator.error("measurement timed out after "
                    + ctx.measurementTimeout().toMillis() / 1000.0 + "s; cancelled"), out);
            publish(out);
            // Queued under the lock, so notifications of two threads keep the order of their snapshots.
            dispatcher.enqueue(out);
        }
        dispatcher.drain();
    }

    private void finished(Slot slot, InFlight flight, MetricValue value, Throwable error) {
        List<Runnable> out = new ArrayList<>();
        synchronized (lock) {
            if (slot.inFlight != flight) {
                return;
            }
            slot.inFlight = null;
            if (flight.timeout != null) {
                flight.timeout.cancel();
            }
            Outcome outcome = error != null
                    ? MeasurementEvaluator.error("provider error: " + describe(error))
                    : MeasurementEvaluator.evaluate(slot.state.metric(),
                            value == null ? new MetricValue.NoData("provider returned null") : value);
            complete(slot, flight.startedAt, outcome, out);
            publish(out);
            // Queued under the lock, so notifications of two threads keep the order of their snapshots.
            dispatcher.enqueue(out);
        }
        dispatcher.drain();
    }

    private void complete(Slot slot, Instant startedAt, Outcome outcome, List<Runnable> out) {
        ResolvedMetric m = slot.state.metric();
        Instant now = ctx.scheduler().clock().instant();
        Measurement measurement = new Measurement(outcome.phase(), outcome.value().map(this::redact),
                redact(outcome.message()), startedAt, Optional.of(now), outcome.details());
        slot.state.record(measurement);
        String text = "metric \"" + m.name() + "\" measured " + outcome.phase() + ": "
                + measurement.message();
        LOG.debug("rollout {} revision {}: analysis {}: {}", request.rolloutId(), request.revision(),
                request.runName(), text);
        RolloutEvent event = new RolloutEvent.AnalysisMeasured(request.rolloutId(), request.revision(),
                now, request.runName(), m.name(), measurement, text);
        out.add(() -> request.listener().onEvent(event));
        AnalysisPhase changed = slot.state.assess(false);
        if (changed != null) {
            metricPhaseEvent(slot, changed, slot.state.message(), out);
        }
        if (changed != null && changed.isCompleted()) {
            if (!m.dryRun() && changed != AnalysisPhase.Successful) {
                terminate(null, out);
                return;
            }
        } else if (slot.state.wantsMore()) {
            Duration delay = slot.state.lastWasError() ? ctx.errorRetryInterval()
                    : m.interval().orElse(ctx.errorRetryInterval());
            slot.next = ctx.scheduler().schedule(() -> measure(slot), delay);
        }
        updateRunPhase(null, out);
    }

    /** Stops every metric; those not complete are assessed as terminated (Argo). */
    private void terminate(String why, List<Runnable> out) {
        terminating = true;
        for (Slot slot : slots) {
            if (slot.next != null) {
                slot.next.cancel();
                slot.next = null;
            }
            if (slot.inFlight != null) {
                slot.inFlight.cancel();
                slot.inFlight = null;
            }
            AnalysisPhase changed = slot.state.assess(true);
            if (changed != null) {
                metricPhaseEvent(slot, changed, slot.state.message(), out);
            }
        }
        updateRunPhase(why, out);
    }

    private void updateRunPhase(String terminatedWhy, List<Runnable> out) {
        boolean allDone = true;
        boolean started = false;
        for (Slot slot : slots) {
            allDone &= slot.state.phase().isCompleted();
            started |= slot.state.phase() != AnalysisPhase.Pending;
        }
        if (!allDone) {
            if (started && phase == AnalysisPhase.Pending) {
                setRunPhase(AnalysisPhase.Running, "measuring", out);
            }
            return;
        }
        AnalysisPhase worst = null;
        Slot worstSlot = null;
        List<String> dry = new ArrayList<>();
        for (Slot slot : slots) {
            AnalysisPhase p = slot.state.phase();
            if (slot.state.metric().dryRun()) {
                if (p != AnalysisPhase.Successful) {
                    dry.add("dry-run " + slot.state.message());
                }
                continue;
            }
            if (worst == null || p.worse(worst) != worst) {
                worst = p;
                worstSlot = slot;
            }
        }
        AnalysisPhase result = worst == null ? AnalysisPhase.Successful : worst;
        String why;
        if (worstSlot != null && result != AnalysisPhase.Successful) {
            why = worstSlot.state.message();
        } else {
            why = (terminatedWhy != null ? terminatedWhy + "; " : "") + "all metrics Successful";
        }
        if (!dry.isEmpty()) {
            why += " (" + String.join("; ", dry) + ")";
        }
        setRunPhase(result, redact(why), out);
    }

    private void setRunPhase(AnalysisPhase next, String why, List<Runnable> out) {
        if (next == phase) {
            return;
        }
        phase = next;
        message = why;
        if (next.isCompleted()) {
            for (Slot slot : slots) {
                if (slot.next != null) {
                    slot.next.cancel();
                }
            }
            LOG.info("rollout {} revision {}: analysis {} {}: {}", request.rolloutId(),
                    request.revision(), request.runName(), next, why);
        }
        RolloutEvent event = new RolloutEvent.AnalysisPhaseChanged(request.rolloutId(),
                request.revision(), ctx.scheduler().clock().instant(), request.runName(), "", next,
                "analysis " + request.runName() + " " + next + ": " + why);
        out.add(() -> request.listener().onEvent(event));
    }

    private void metricPhaseEvent(Slot slot, AnalysisPhase next, String why, List<Runnable> out) {
        if (next.isCompleted()) {
            LOG.info("rollout {} revision {}: analysis {}: {}", request.rolloutId(),
                    request.revision(), request.runName(), why);
        }
        RolloutEvent event = new RolloutEvent.AnalysisPhaseChanged(request.rolloutId(),
                request.revision(), ctx.scheduler().clock().instant(), request.runName(),
                slot.state.metric().name(), next, why);
        out.add(() -> request.listener().onEvent(event));
    }

    private void publish(List<Runnable> out) {
        AnalysisRunStatus snapshot = build();
        status = snapshot;
        stale = false;
        out.add(() -> onUpdate.accept(snapshot));
    }

    private AnalysisRunStatus build() {
        List<MetricResult> results = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            Measurement running = slot.inFlight == null ? null : new Measurement(AnalysisPhase.Running,
                    Optional.empty(), "", slot.inFlight.startedAt, Optional.empty());
            results.add(slot.state.snapshot(running));
        }
        return new AnalysisRunStatus(request.runName(), phase, results, message);
    }

    private String redact(String text) {
        String result = text;
        for (Secret s : secrets) {
            result = s.redact(result);
        }
        return result;
    }

    private String describe(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof CancellationException) {
            return "measurement cancelled";
        }
        String text = e instanceof ProviderException ? e.getMessage()
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return redact(text);
    }
}
