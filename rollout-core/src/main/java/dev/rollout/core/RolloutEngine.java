package dev.rollout.core;

import dev.rollout.api.Scheduler;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.analysis.AnalysisLauncher;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.core.scheduler.ExecutorScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rollouts: one state machine per rollout, all driven by one shared {@link Scheduler}, each
 * change persisted through a {@link StateStore}. Build one with {@link #builder()}, then
 * {@link #start} a rollout and act on it through its {@link RolloutHandle}. An engine on a store
 * that already holds rollouts picks them up only when {@link #resumeAll()} is called.
 * Thread-safe.
 */
public final class RolloutEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final EngineContext ctx;
    private final MachineFactory factory;
    private final ExecutorScheduler ownedScheduler;
    private final Map<String, RolloutMachine> machines = new ConcurrentHashMap<>();
    /** One handle per machine, so every call naming a rollout hands out the same instance. */
    private final Map<RolloutMachine, RolloutHandle> handles =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    private RolloutEngine(EngineContext ctx, ExecutorScheduler ownedScheduler) {
        this.ctx = ctx;
        this.factory = new MachineFactory(ctx);
        this.ownedScheduler = ownedScheduler;
    }

    /** A builder; only targets are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts rolling out {@code newRevision} of {@code spec.name()} in {@code spec.namespace()}
     * on the named target, with {@link StartOptions#defaults()}: the workload must exist there.
     *
     * @see #start(RolloutSpec, String, Revision, StartOptions)
     */
    public RolloutHandle start(RolloutSpec spec, String targetName, Revision newRevision) {
        return start(spec, targetName, newRevision, StartOptions.defaults());
    }

    /**
     * Starts rolling out {@code newRevision} of {@code spec.name()} in {@code spec.namespace()}
     * on the named target; the stable revision is what the target reports. A rollout of the same
     * id already in flight is superseded. Returns at once; the rollout runs on the scheduler.
     * Everything that can be checked before anything moves is checked first, with the messages
     * of {@code rollout lint}: the spec against the engine and target, and every analysis
     * through the launcher ({@link AnalysisLauncher#check}: templates, args, secrets, provider
     * blocks).
     *
     * @throws IllegalArgumentException if no target has that name
     * @throws dev.rollout.api.WorkloadNotFoundException if the target has no such workload and
     *     {@code options} do not allow a first deploy; nothing is changed then
     * @throws dev.rollout.api.TargetException if the target cannot be read
     * @throws dev.rollout.api.InvalidSpecException if the spec names no namespace, or cannot run
     *     on this engine and target (a custom step without handler, a traffic router the target
     *     lacks, a missing analysis template or arg, ...); nothing is changed then
     */
    public RolloutHandle start(RolloutSpec spec, String targetName, Revision newRevision,
            StartOptions options) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(newRevision, "newRevision");
        Objects.requireNonNull(options, "options");
        ClusterTarget target = target(targetName);
        String id = MachineFactory.id(spec);
        synchronized (machines) {
            RolloutMachine existing = machines.get(id);
            if (existing == null) {
                existing = factory.load(id, ctx.targets()).orElse(null);
            }
            if (existing != null) {
                if (!existing.target().name().equals(targetName)) {
                    throw new IllegalArgumentException("rollout " + id + " runs on target "
                            + existing.target().name() + ", not " + targetName);
                }
                factory.supersede(existing, spec, newRevision, options);
                machines.put(id, existing);
                return handle(existing);
            }
            RolloutMachine machine = factory.start(spec, target, newRevision, options);
            machines.put(id, machine);
            return handle(machine);
        }
    }

    /**
     * {@link #start(RolloutSpec, String, Revision, StartOptions) start}, made where this engine
     * calls the named target ({@link #targetExecutor(String)}): on the target executor when the
     * target may block, so a scheduler thread asking never waits for a slow API server, else on
     * the calling thread. The call is {@linkplain Scheduler#track tracked}, and stages depending on
     * the result that were added before it completes run before a virtual clock moves on; work
     * they do runs on the target executor too. The stage fails with what {@code start} throws.
     */
    public CompletionStage<RolloutHandle> startAsync(RolloutSpec spec, String targetName,
            Revision newRevision, StartOptions options) {
        Optional<Executor> executor = targetExecutor(targetName);
        if (executor.isEmpty()) {
            try {
                return CompletableFuture.completedFuture(start(spec, targetName, newRevision, options));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        CompletableFuture<RolloutHandle> result = new CompletableFuture<>();
        ctx.scheduler().track(result);
        try {
            executor.get().execute(() -> {
                try {
                    result.complete(start(spec, targetName, newRevision, options));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Where calls to the named target belong when they must not hold a scheduler thread: this
     * engine's target executor when the target {@linkplain ClusterTarget#mayBlock() may block}
     * (and the scheduler can wait for work elsewhere), empty when calling it inline is fine (a
     * target answering from memory, or a virtual scheduler that tracks nothing). Callers running
     * on the scheduler (a conductor) hand {@code start}, operator actions and their own target
     * calls to it, {@linkplain Scheduler#track tracked}.
     *
     * @throws IllegalArgumentException if no target has that name
     */
    public Optional<Executor> targetExecutor(String targetName) {
        return Optional.ofNullable(TargetPool.of(ctx, target(targetName)));
    }

    /** The rollout with this id ({@code namespace/name}), if this engine runs or resumed it. */
    public Optional<RolloutHandle> rollout(String id) {
        return Optional.ofNullable(handle(machines.get(id)));
    }

    private RolloutHandle handle(RolloutMachine machine) {
        return machine == null ? null : handles.computeIfAbsent(machine, EngineHandle::of);
    }

    /** The status of every rollout of this engine, never null, possibly empty. */
    public List<RolloutStatus> list() {
        List<RolloutStatus> out = new ArrayList<>();
        for (RolloutMachine m : machines.values()) {
            out.add(m.status());
        }
        return out;
    }

    /**
     * Loads every rollout stored in the state store and continues each unfinished one where it
     * stopped: completed steps are not applied again, pause end times are absolute, and an
     * analysis run that was in flight starts again from scratch. Rollouts on targets this engine
     * does not know are skipped with a warning. Returns the handles of the rollouts resumed.
     */
    public List<RolloutHandle> resumeAll() {
        List<RolloutHandle> resumed = new ArrayList<>();
        synchronized (machines) {
            for (StateStore.Stored stored : ctx.store().list()) {
                if (machines.containsKey(stored.key())) {
                    continue;
                }
                Optional<RolloutMachine> machine = factory.resume(stored);
                machine.ifPresent(m -> {
                    machines.put(m.id(), m);
                    if (m.unfinished()) {
                        resumed.add(handle(m));
                    }
                });
            }
        }
        LOG.info("Resumed {} unfinished rollouts", resumed.size());
        return resumed;
    }

    /** The scheduler driving every rollout. */
    public Scheduler scheduler() {
        return ctx.scheduler();
    }

    /**
     * Stops driving rollouts: nothing more is scheduled and live analysis runs are cancelled;
     * targets are left as they are, so an engine on the same store can resume. Closes the
     * scheduler only if the engine created it.
     */
    @Override
    public void close() {
        for (RolloutMachine m : machines.values()) {
            factory.stop(m);
        }
        if (ownedScheduler != null) {
            ownedScheduler.close();
        }
    }

    private ClusterTarget target(String name) {
        ClusterTarget target = ctx.targets().get(name);
        if (target == null) {
            throw new IllegalArgumentException("unknown target '" + name + "'; known targets: "
                    + ctx.targets().keySet());
        }
        return target;
    }

    /** Configures an engine. Not thread-safe; {@link #build()} copies everything. */
    public static final class Builder {
        private Scheduler scheduler;
        private StateStore store;
        private final Map<String, ClusterTarget> targets = new LinkedHashMap<>();
        private AnalysisLauncher launcher;
        private final List<RolloutListener> listeners = new ArrayList<>();
        private final Map<String, StepHandler> handlers = new LinkedHashMap<>();
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration degradedPoll = Duration.ofMinutes(5);
        private RolloutMetrics metrics = RolloutMetrics.NOOP;
        private Executor targetExecutor;
        private Duration outageLimit;

        private Builder() {
        }

        /** The shared scheduler; default: a new {@link ExecutorScheduler} owned by the engine. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** Where rollout state is persisted; default: in memory. */
        public Builder stateStore(StateStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Adds targets, found again by {@link ClusterTarget#name()}. */
        public Builder target(ClusterTarget... targets) {
            for (ClusterTarget t : targets) {
                Objects.requireNonNull(t, "target");
                if (this.targets.putIfAbsent(t.name(), t) != null) {
                    throw new IllegalArgumentException("two targets are named '" + t.name() + "'");
                }
            }
            return this;
        }

        /** Starts analysis runs; required only by specs with analysis. */
        public Builder analysisLauncher(AnalysisLauncher launcher) {
            this.launcher = Objects.requireNonNull(launcher, "launcher");
            return this;
        }

        /** Adds a listener for every event of every rollout. */
        public Builder listener(RolloutListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Records this engine's rollouts (phases, steps, analysis runs) through
         * {@link RolloutMetrics#rolloutListener()}; default {@link RolloutMetrics#NOOP}. Give the
         * same metrics to the analysis launcher's builder for measurements.
         */
        public Builder metrics(RolloutMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** Registers the handler of custom steps named {@code name}. */
        public Builder stepHandler(String name, StepHandler handler) {
            Objects.requireNonNull(name, "name");
            handlers.put(name, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * How often a rollout waiting for pods looks at the target again: {@code initial}
         * (default 1 s), doubling up to {@code max} (default 30 s).
         */
        public Builder readinessBackoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("readinessBackoff needs 0 < initial <= max, was "
                        + initial + ", " + max);
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /**
         * How often a rollout past its progress deadline (and not aborted) looks at its pods
         * again, to recover when they progress (default 5 min). {@link Duration#ZERO} stops
         * looking until an operator action, so a virtual-time simulation becomes idle.
         */
        public Builder degradedPollInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("degradedPollInterval must not be negative, was " + interval);
            }
            this.degradedPoll = interval;
            return this;
        }

        /**
         * Where rollouts call their targets (default: one pool of
         * {@value dev.rollout.core.TargetPool#DEFAULT_THREADS} daemon threads named
         * {@code rollout-target-N}, shared by every engine). A reconcile of a rollout whose target
         * {@linkplain ClusterTarget#mayBlock() may block} runs there whole: the scheduler's task
         * only hands it over, so a slow or hung API server never holds a scheduler thread and
         * never delays another rollout's steps or measurements. One reconcile of a rollout runs at a
         * time, in order, and wake-ups that arrive meanwhile fold into one more, so a hung rollout
         * holds one thread and queues one task; its events are still delivered one at a time, in
         * order. Each hand-over is {@linkplain Scheduler#track tracked}: a
         * {@link dev.rollout.core.scheduler.VirtualScheduler} holds its clock until the reconcile has
         * run, so virtual time never moves past a call in flight. A target answering from memory
         * (the embedded cluster), or any target under a virtual scheduler that tracks nothing
         * ({@code VirtualScheduler.ignoringExternalWork}), is called inline on the scheduler thread.
         * Operator actions ({@code promote()}, {@code abort()}, ...) and {@code start} call the
         * target on the caller's thread. Size the executor for the rollouts whose API servers may
         * be slow at once: when all its threads are held, other rollouts on blocking targets wait.
         */
        public Builder targetExecutor(Executor executor) {
            this.targetExecutor = Objects.requireNonNull(executor, "targetExecutor");
            return this;
        }

        /**
         * How long the target of a rollout may fail without a break (5xx, refused connections,
         * timeouts: any {@link dev.rollout.api.TargetException}) before the rollout is aborted
         * instead of retried forever; default: the rollout's own {@code progressDeadlineSeconds}
         * (600 s unless the spec says otherwise). Measured on the scheduler's clock from the first
         * failure of the streak; any reconcile that reaches the target ends the streak. The abort
         * is recorded at once (phase Degraded, an Aborted event, analysis cancelled) and its writes
         * (traffic back to stable, the canary scaled down) are made when the target answers again;
         * nothing moves the new revision forward after that. The streak is kept in memory: an
         * engine restarted during an outage counts from its first failure.
         */
        public Builder targetOutageLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("targetOutageLimit must be positive, was " + limit);
            }
            this.outageLimit = limit;
            return this;
        }

        /** Builds the engine; nothing is resumed until {@link RolloutEngine#resumeAll()}. */
        public RolloutEngine build() {
            if (targets.isEmpty()) {
                throw new IllegalStateException("at least one target is required");
            }
            ExecutorScheduler owned = scheduler == null ? new ExecutorScheduler() : null;
            List<RolloutListener> all = new ArrayList<>(listeners);
            if (metrics != RolloutMetrics.NOOP) {
                all.add(metrics.rolloutListener());
            }
            List<RolloutListener> copy = List.copyOf(all);
            RolloutListener fanOut = event -> {
                for (RolloutListener l : copy) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        LOG.warn("Rollout {} revision {}: listener failed: {}", event.rolloutId(),
                                event.revision(), e.toString());
                    }
                }
            };
            EngineContext ctx = new EngineContext(owned != null ? owned : scheduler,
                    store == null ? new InMemoryStateStore() : store, targets, launcher, fanOut,
                    handlers, backoffInitial, backoffMax, degradedPoll,
                    targetExecutor == null ? TargetPool.shared() : targetExecutor, outageLimit);
            return new RolloutEngine(ctx, owned);
        }
    }
}
