package dev.rollout.core;

import dev.rollout.api.ConflictException;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.RolloutHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rollout's state machine. Every change happens under one lock, whether it comes from an
 * operator action or a scheduled reconcile, so they never interleave; then the state is
 * persisted with compare-and-set and the status snapshot is rebuilt, and once the lock is
 * released the events are delivered, in order.
 * No thread is owned: the machine asks the shared scheduler to wake it.
 */
final class RolloutMachine implements RolloutHandle {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutMachine.class);

    private final EngineContext ctx;
    private final ClusterTarget target;
    private final WorkloadRef workload;
    private final ReentrantLock lock = new ReentrantLock();
    private final BiFunction<RolloutMachine, RolloutSpec, StrategyProgram> programs;
    private final Runs runs;
    private final Events events;
    private final StateCodec codec;
    private RolloutState state;
    private StrategyProgram program;
    private long version;
    private boolean dirty;
    private boolean stopped;
    private int polls;
    private int lastSeenAvailable = -1;
    private boolean reobserve;
    private volatile RolloutStatus snapshot;
    /** The phase last reported in an event (and stored): a change is reported once per section. */
    private RolloutPhase reported;
    private final Completion completion;
    private final TargetLane lane;
    private final TargetOutage outage = new TargetOutage();
    private final Wakes wakes;
    /** Whether this machine has seen the workload exist; guarded by the lock. */
    private boolean workloadSeen;

    RolloutMachine(EngineContext ctx, StateCodec codec, ClusterTarget target, RolloutState state,
            long version, BiFunction<RolloutMachine, RolloutSpec, StrategyProgram> programs) {
        this.ctx = ctx;
        this.codec = codec;
        this.target = target;
        this.state = state;
        this.version = version;
        this.programs = programs;
        this.workload = new WorkloadRef(state.spec().namespace().orElseThrow(), state.spec().name());
        this.events = new Events(ctx.listener());
        this.runs = new Runs(this, ctx);
        this.program = programs.apply(this, state.spec());
        this.snapshot = Snapshots.of(state, program.stepCount());
        this.reported = state.phase();
        this.completion = new Completion(!state.unfinished());
        this.lane = new TargetLane(TargetPool.of(ctx, target), ctx.scheduler(), state.id(), this::reconcile);
        this.wakes = new Wakes(ctx.scheduler(), lane::request);
    }

    // ---- accessors for strategies ----

    /** The persisted state; only under the lock. */
    public RolloutState state() {
        return state;
    }

    /** The workload on the target. */
    public WorkloadRef workload() {
        return workload;
    }

    /** The target this rollout runs on. */
    public ClusterTarget target() {
        return target;
    }

    /** The engine's shared settings. */
    public EngineContext context() {
        return ctx;
    }

    /** Analysis runs of this rollout. */
    public Runs runs() {
        return runs;
    }

    /** The current instant on the engine's clock. */
    public Instant now() {
        return ctx.scheduler().clock().instant();
    }

    /** Marks the state changed, so it is persisted when the current locked section ends. */
    public void changed() {
        dirty = true;
    }

    /** Whether the target must be observed again before the next move (once after a resume). */
    boolean takeReobserve() {
        boolean pending = reobserve;
        reobserve = false;
        return pending;
    }

    /**
     * Takes an analysis event (from an analysis thread) into this rollout's one ordered stream,
     * so it never overlaps or overtakes the rollout's own events.
     */
    void analysisEvent(RolloutEvent event) {
        events.offer(event);
        if (!lock.isHeldByCurrentThread()) {
            events.deliverCommitted();
        }
    }

    /** Queues an event; delivered in order after the lock is released. */
    public void emit(RolloutEvent event) {
        events.add(event);
    }

    /** Logs a line naming the rollout and its revision. */
    public void log(String message) {
        LOG.info("Rollout {} revision {}: {}", state.id(), state.newRevision().id(), message);
    }

    @Override
    public String id() {
        return state.id();
    }

    @Override
    public RolloutStatus status() {
        return Snapshots.withLiveRuns(snapshot, runs);
    }

    @Override
    public java.util.concurrent.CompletionStage<RolloutStatus> completion() {
        return completion.stage(this::status);
    }

    /** Whether the engine still has work for this rollout. */
    public boolean unfinished() {
        lock.lock();
        try {
            return state.unfinished();
        } finally {
            unlock();
        }
    }

    // ---- lifecycle ----

    /** Persists a new rollout and schedules its first reconcile; validation has run. */
    void begin(WorkloadState observed) {
        locked(() -> {
            workloadSeen = observed.exists();
            Transitions.initialise(this, observed);
            emit(new RolloutEvent.Started(state.id(), state.newRevision().id(), now(),
                    "Rollout of revision " + state.newRevision().id() + " started on target "
                            + state.targetName() + " (stable " + state.stableRevision() + ")"));
            log("started on target " + state.targetName() + ", stable revision " + state.stableRevision());
            FirstDeploy.warnIfFirst(this);
            changed();
            wakeAfter(Duration.ZERO);
        });
    }

    /** Continues a stored rollout after an engine restart. */
    void resumeStored() {
        locked(() -> {
            runs.restartAfterResume();
            // The target may be ahead of the stored state (killed between a write and the save) or
            // behind it (a cluster that lost its state): the first reconcile looks before it moves.
            reobserve = true;
            log("resumed at step " + state.stepIndex() + " in phase " + state.phase());
            wakeAfter(Duration.ZERO);
        });
    }

    /** Replaces the rollout with a new revision and spec, superseding whatever was in flight. */
    void supersede(RolloutSpec spec, Revision revision) {
        StrategyProgram next = programs.apply(this, spec);
        next.validate();
        locked(() -> Supersede.run(this, next, spec, revision));
    }

    /** Puts a fresh state and its program in place of the old ones (a superseding rollout). */
    void replace(RolloutState fresh, StrategyProgram next) {
        lastSeenAvailable = -1;
        polls = 0;
        state = fresh;
        program = next;
        // A new rollout: its phase is reported from its own start, as for any new rollout.
        reported = fresh.phase();
    }

    /** Stops driving this rollout (engine closed); nothing is changed on the target. */
    void stop() {
        guarded(() -> {
            stopped = true;
            cancelWake();
            runs.detachAll();
        });
    }

    // ---- operator actions ----

    @Override
    public RolloutStatus promote() {
        return act("promote", () -> program.promote());
    }

    @Override
    public RolloutStatus promoteFull() {
        return act("promoteFull", () -> {
            state.promoteFull(true);
            program.promoteFull();
        });
    }

    @Override
    public RolloutStatus abort() {
        return act("abort", () -> abort(null));
    }

    @Override
    public RolloutStatus retry() {
        guarded(() -> {
            if (!stopped && state.aborted()) {
                locked(() -> Transitions.retry(this));
            }
        });
        return status();
    }

    @Override
    public RolloutStatus pause() {
        return act("pause", () -> enterPause(PauseCondition.Reason.UserPause, null, null));
    }

    @Override
    public RolloutStatus resume() {
        return act("resume", () -> clearPauses(List.of(PauseCondition.Reason.UserPause)));
    }

    @Override
    public RolloutStatus undo(Revision revision) {
        lock.lock();
        try {
            if (stopped) {
                return status();
            }
            if (revision.id().equals(state.stableRevision())) {
                if (!state.completed() || !state.newRevision().id().equals(state.stableRevision())) {
                    locked(() -> Removals.rollbackToStable(this, revision));
                }
            } else if (!revision.id().equals(state.newRevision().id()) || state.aborted()) {
                supersede(state.spec(), revision);
            }
        } finally {
            unlock();
        }
        return status();
    }

    private RolloutStatus act(String action, Runnable body) {
        guarded(() -> {
            if (!stopped && !state.completed() && !state.aborted()) {
                locked(() -> {
                    log("operator action " + action);
                    body.run();
                    wakeAfter(Duration.ZERO);
                });
            }
        });
        return status();
    }

    // ---- transitions used by strategies ----

    /**
     * Applies what a strategy decided: the only way strategy code changes the state or the stage.
     */
    public void apply(Change change) {
        Changes.apply(this, change);
    }

    /** Aborts with an optional reason; traffic goes back to stable at once. */
    void abort(String reason) {
        Transitions.abort(this, reason);
    }

    /** Marks the new revision stable and the rollout Healthy. */
    void complete(String why) {
        Transitions.complete(this, why);
    }

    /** Pauses for {@code reason} with {@code detail} (may be null) in the status message. */
    void enterPause(PauseCondition.Reason reason, Instant until, String detail) {
        Pauses.enter(this, reason, until, detail);
    }

    /** Lifts the pauses of the given reasons; paused time does not count against the deadline. */
    void clearPauses(List<PauseCondition.Reason> reasons) {
        Pauses.clear(this, reasons);
    }

    /** Records progress: the deadline restarts and a missed deadline recovers. */
    public void progressed() {
        state.lastProgressAt(now());
        polls = 0;
        if (state.deadlineExceeded()) {
            Transitions.recover(this);
            log("progressing again after a missed progress deadline");
        }
        changed();
    }

    /** Notes the new revision's available pods; an increase counts as progress. */
    public int available(WorkloadState observed, String revision) {
        int available = observed.revision(revision).map(RevisionState::available).orElse(0);
        if (revision.equals(state.newRevision().id())) {
            if (lastSeenAvailable >= 0 && available > lastSeenAvailable) {
                progressed();
            }
            lastSeenAvailable = available;
        }
        return available;
    }

    /** The program now driving the rollout. */
    StrategyProgram program() {
        return program;
    }

    // ---- reconcile ----

    /** Runs one reconcile on the calling thread (the lane's); never throws. */
    private void reconcile() {
        // locked() does nothing once stopped.
        locked(() -> {
            wakes.clearFired();
            Transitions.reconcile(this);
            outage.ended(this);
        });
    }

    /**
     * Asks for a reconcile where this rollout's target calls run ({@link TargetLane}): on the
     * target executor for a target that may block, so the scheduler thread asking never waits.
     */
    void requestReconcile() {
        lane.request();
    }

    /**
     * Backoff delay for the next readiness poll. The first poll after progress looks again at
     * once: pods that are ready immediately (the embedded cluster, the simulator) cost no time,
     * and a step that needs several moves makes them back to back.
     */
    public Duration nextPollDelay() {
        long initial = ctx.backoffInitial().toMillis();
        long max = ctx.backoffMax().toMillis();
        long delay = polls == 0 ? 0 : polls > 20 ? max : Math.min(max, initial << (polls - 1));
        polls++;
        return Duration.ofMillis(delay);
    }

    /** Asks the scheduler to reconcile after {@code delay}, keeping an earlier wake-up. */
    public void wakeAfter(Duration delay) {
        wakes.schedule(delay);
    }

    /** Asks the scheduler to reconcile at {@code instant}. */
    public void wakeAtInstant(Instant instant) {
        wakeAfter(Duration.between(now(), instant));
    }

    /** Drops the pending wake-up (a pause's end, a readiness poll) that no longer applies. */
    void cancelWake() {
        wakes.cancel();
    }

    /** Runs {@code body} under the lock, then persists and snapshots; events follow the unlock. */
    void locked(Runnable body) {
        lock.lock();
        try {
            if (!owned()) {
                return;
            }
            try {
                body.run();
            } catch (RuntimeException e) {
                LOG.warn("Rollout {} revision {}: {}", state.id(), state.newRevision().id(), e.toString());
                emit(new RolloutEvent.Warning(state.id(), state.newRevision().id(), now(),
                        "Reconcile failed and will be retried: " + e.getMessage()));
                // First: an outage abort drops pending wake-ups, and the retry below must stay.
                outage.failed(this, e);
                wakeAfter(nextPollDelay());
            }
            if (dirty) {
                dirty = false;
                state.updatedAt(now());
                reported = Transitions.reportPhase(this, reported);
                persist();
                snapshot = Snapshots.of(state, program.stepCount());
                completion.update(!state.unfinished());
            }
        } finally {
            try {
                events.commit();
            } finally {
                unlock();
            }
        }
    }

    /** Runs {@code body} under the lock; changes it makes go through {@link #locked}. */
    private void guarded(Runnable body) {
        lock.lock();
        try {
            body.run();
        } finally {
            unlock();
        }
    }

    /** Releases the lock, then (once this thread holds it no more) delivers committed events. */
    private void unlock() {
        lock.unlock();
        if (!lock.isHeldByCurrentThread()) {
            events.deliverCommitted();
            completion.fire(this::status, stopped, state.id());
        }
    }

    /**
     * Whether the stored state is still the one this machine wrote; if another engine wrote it
     * since, this machine stops before it touches the target.
     */
    private boolean owned() {
        if (stopped) {
            return false;
        }
        long stored = ctx.store().get(state.id()).map(StateStore.Stored::version).orElse(0L);
        if (stored == version) {
            return true;
        }
        LOG.error("Rollout {} revision {}: state changed by another writer (version {} instead of "
                + "{}); this engine stops driving it", state.id(), state.newRevision().id(), stored, version);
        stopped = true;
        cancelWake();
        runs.detachAll();
        return false;
    }

    private void persist() {
        try {
            version = ctx.store().put(state.id(), codec.encode(state), version);
        } catch (ConflictException e) {
            // Another engine owns this rollout now; stop rather than overwrite its state.
            LOG.error("Rollout {} revision {}: state changed by another writer; this engine stops "
                    + "driving it: {}", state.id(), state.newRevision().id(), e.getMessage());
            stopped = true;
            cancelWake();
            runs.detachAll();
        }
    }

    /** Observes the workload on the target. */
    public WorkloadState observe() {
        return target.observe(workload);
    }

    /**
     * Notes whether the workload exists; returns whether this machine saw it exist before. A
     * resumed machine has not: a target that lost everything gets the saved state back.
     */
    boolean workloadSeen(WorkloadState observed) {
        boolean before = workloadSeen;
        workloadSeen |= observed.exists();
        return before;
    }

    /** Why the target says the new revision cannot become ready, if it says so. */
    Optional<String> failureOf(WorkloadState observed) {
        return observed.revision(state.newRevision().id()).flatMap(RevisionState::failure);
    }
}
