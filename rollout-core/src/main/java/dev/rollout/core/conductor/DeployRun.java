package dev.rollout.core.conductor;

import dev.rollout.api.RolloutException;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployPlan;
import dev.rollout.core.conductor.DeployState;
import dev.rollout.core.conductor.DeployStatus;
import dev.rollout.core.conductor.config.EnvironmentConfig;
import dev.rollout.core.conductor.config.EnvironmentConfig.OnFailure;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.conductor.versions.DeployTicket;
import dev.rollout.core.simulation.WaitingForPerson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deploy of a revision to an environment: the pre-deploy hooks, then wave after wave of
 * cluster rollouts with a gate between waves, then the version store's bookkeeping. Every step
 * runs on the conductor's scheduler, except the calls into a cluster's engine that reach a target
 * which may block ({@code start}, {@code promote}, {@code abort}): those run on the engine's target
 * executor ({@link ClusterCalls} over {@link TargetCalls}) and the step goes on back on the
 * scheduler. The hooks are {@link PreDeployHooks}, the failure path {@link Rollbacks}. The state is guarded
 * by this object's lock, and no call to an engine or a store is made while a listener of ours
 * could be waiting for it.
 */
final class DeployRun implements DeployHandle {
    private static final Logger LOG = LoggerFactory.getLogger(DeployRun.class);

    private final Runtime rt;
    private final EnvironmentConfig environment;
    private final DeployPlan plan;
    private final DeployTicket ticket;
    private final boolean firstDeploy;
    /** Non-null for a deliberate rollback: every cluster at once, no hooks, no gates. */
    private final String rollbackReason;
    private final Map<String, ClusterRun> clusters = new LinkedHashMap<>();
    private final CompletableFuture<DeployStatus> done = new CompletableFuture<>();
    private final Gates gates;
    private final Instant startedAt;

    private DeployState state = DeployState.Queued;
    private DeployResult result;
    private String message = "";
    private Instant updatedAt;
    private int wave = -1;
    /** What an approval does now, or null when the deploy waits for no one. */
    private Runnable onApproval;
    private String failure;
    private final ClusterCalls calls;
    private final Rollbacks rollbacks;

    DeployRun(Runtime rt, EnvironmentConfig environment, DeployPlan plan, DeployTicket ticket,
            boolean firstDeploy) {
        this(rt, environment, plan, ticket, firstDeploy, null);
    }

    /** A deliberate rollback of the environment to {@code plan.revision()}. */
    static DeployRun rollback(Runtime rt, EnvironmentConfig environment, DeployPlan plan,
            DeployTicket ticket, String reason) {
        return new DeployRun(rt, environment, plan, ticket, false, reason);
    }

    private DeployRun(Runtime rt, EnvironmentConfig environment, DeployPlan plan,
            DeployTicket ticket, boolean firstDeploy, String rollbackReason) {
        this.rollbackReason = rollbackReason;
        this.rt = rt;
        this.environment = environment;
        this.plan = plan;
        this.ticket = ticket;
        this.firstDeploy = firstDeploy;
        plan.clusters().forEach(c -> clusters.put(c.name(), new ClusterRun(c)));
        this.startedAt = rt.clock().instant();
        this.updatedAt = startedAt;
        this.gates = new Gates(rt, this);
        this.calls = new ClusterCalls(rt, this);
        this.rollbacks = new Rollbacks(rt, this, calls);
    }

    /** A run that is already over: refused, superseded, or up to date. */
    static DeployRun ended(Runtime rt, EnvironmentConfig environment, DeployPlan plan,
            DeployTicket ticket, DeployResult result, String message) {
        DeployRun run = new DeployRun(rt, environment, plan, ticket, false);
        synchronized (run) {
            run.state = DeployState.Done;
            run.result = result;
            run.message = message;
        }
        run.done.complete(run.status());
        return run;
    }

    @Override
    public String requestId() {
        return ticket.requestId();
    }

    DeployTicket ticket() {
        return ticket;
    }

    String environment() {
        return environment.name();
    }

    DeployPlan plan() {
        return plan;
    }

    @Override
    public synchronized DeployStatus status() {
        List<dev.rollout.core.conductor.ClusterDeployStatus> out = new ArrayList<>();
        clusters.values().forEach(c -> out.add(c.status()));
        return new DeployStatus(plan.service(), plan.environment(), plan.revision().id(),
                ticket.requestId(), state, result, message, out, startedAt, updatedAt);
    }

    @Override
    public CompletionStage<DeployStatus> completion() {
        return done.copy();
    }

    @Override
    public DeployStatus approve() {
        Runnable action;
        synchronized (this) {
            action = onApproval;
            onApproval = null;
            if (action != null) {
                state = DeployState.Running;
                touch("approved");
            }
        }
        if (action != null) {
            emit(DeployEvent.Type.Approved, null, wave, "approved");
            rt.scheduler().execute(action);
        }
        return status();
    }

    /**
     * Starts the run: marks the clusters this request already finished (a resumed deploy), then
     * the hooks, then the first wave with a cluster left to do.
     */
    void begin() {
        synchronized (this) {
            state = DeployState.Running;
            rt.versions().get(plan.service(), plan.environment()).clusters().forEach((name, v) -> {
                ClusterRun c = clusters.get(name);
                if (c != null && v.requestId().equals(ticket.requestId())
                        && v.revision().id().equals(plan.revision().id())) {
                    c.phase = ClusterRun.HEALTHY;
                    c.message = "done before the deploy was resumed";
                }
            });
            touch("running pre-deploy hooks");
        }
        rt.scheduler().execute(() -> {
            // A resumed deploy ran its hooks before its first cluster changed; a rollback runs none.
            if (anyClusterDone() || rollbackReason != null) {
                startDeploy();
            } else {
                new PreDeployHooks(rt, this).run(0, this::startDeploy);
            }
        });
    }

    /** Queues the run behind the deploy in flight. */
    synchronized void queued(String why) {
        state = DeployState.Queued;
        touch(why);
    }

    /** Ends a queued run that a newer request superseded. */
    void superseded(String by) {
        end(DeployResult.Superseded, "superseded by " + by + " before it started", false);
    }

    private synchronized boolean anyClusterDone() {
        return clusters.values().stream().anyMatch(ClusterRun::healthy);
    }

    private void startDeploy() {
        if (rollbackReason == null) {
            rt.versions().started(plan.service(), plan.environment(), ticket.requestId());
        }
        emit(DeployEvent.Type.Started, null, -1, "deploying " + plan.revision().id() + " to "
                + plan.environment() + " (" + clusters.size() + " clusters in "
                + plan.waves().size() + " waves)");
        rt.notify(plan.environment(), notification(DeployNotification.Kind.STARTED,
                "deploy of " + plan.revision().id() + " to " + plan.environment() + " started"));
        startWave(firstWaveLeft());
    }

    private synchronized int firstWaveLeft() {
        for (DeployPlan.Wave w : plan.waves()) {
            boolean allDone = w.clusters().stream().allMatch(c -> clusters.get(c.name()).healthy());
            if (!allDone) {
                // The gate of the wave before a partly done one may not have passed: run it again.
                boolean started = w.clusters().stream().anyMatch(c -> clusters.get(c.name()).healthy());
                return started || w.index() == 0 ? w.index() : -w.index();
            }
        }
        return plan.waves().size();
    }

    /** Starts wave {@code index}; a negative index means "the gate before wave -index first". */
    private void startWave(int index) {
        if (index < 0) {
            gates.run(plan.waves().get(-index - 1), () -> startWave(-index));
            return;
        }
        synchronized (this) {
            wave = index;
            if (index >= plan.waves().size()) {
                touch("every cluster runs " + plan.revision().id());
            }
        }
        if (index >= plan.waves().size()) {
            end(DeployResult.Deployed, "every cluster of " + plan.environment() + " runs "
                    + plan.revision().id(), true);
            return;
        }
        continueWave();
    }

    /** Starts what the current wave may start now, or its gate once every cluster is done. */
    private void continueWave() {
        DeployPlan.Wave current;
        List<ClusterRun> toStart = new ArrayList<>();
        boolean allHealthy;
        synchronized (this) {
            if (state == DeployState.Done || failure != null) {
                return;
            }
            current = plan.waves().get(wave);
            List<ClusterRun> runs = current.clusters().stream().map(c -> clusters.get(c.name())).toList();
            allHealthy = runs.stream().allMatch(ClusterRun::healthy);
            boolean anyRunning = runs.stream().anyMatch(c -> c.phase.equals(ClusterRun.PROGRESSING)
                    || c.phase.equals(ClusterRun.PAUSED));
            for (ClusterRun c : runs) {
                if (c.phase.equals(ClusterRun.PENDING) && (current.parallel() || (!anyRunning && toStart.isEmpty()))) {
                    toStart.add(c);
                }
            }
            for (ClusterRun c : toStart) {
                c.phase = ClusterRun.PROGRESSING;
                c.message = "rolling out " + plan.revision().id();
            }
            touch(allHealthy ? "wave " + (wave + 1) + " done" : "wave " + (wave + 1) + " of "
                    + plan.waves().size() + " rolling out");
        }
        if (allHealthy && rollbackReason != null) {
            startWave(current.index() + 1);
            return;
        }
        if (allHealthy) {
            gates.run(current, () -> startWave(current.index() + 1));
            return;
        }
        toStart.forEach(this::startCluster);
    }

    private void startCluster(ClusterRun c) {
        DeployPlan.Cluster p = c.plan;
        emit(DeployEvent.Type.ClusterStarted, c.name(), p.wave(), "rolling out "
                + p.revision().id() + " on " + c.name() + " ("
                + p.previous().map(r -> "from " + r.id()).orElse("first deploy") + ", "
                + p.spec().replicas() + " replicas)");
        Runtime.ClusterEngine ce;
        try {
            ce = rt.engine(plan.environment(), c.name());
        } catch (RolloutException | IllegalArgumentException e) {
            clusterFailed(c, "could not start: " + e.getMessage());
            return;
        }
        calls.start(c, ce, firstDeploy, rollbackReason != null);
    }

    /** Re-reads a cluster's rollout after one of its events. */
    void check(String cluster) {
        ClusterRun c;
        RolloutStatus status;
        synchronized (this) {
            c = clusters.get(cluster);
            if (c == null || c.handle == null || state == DeployState.Done) {
                return;
            }
            if (!c.phase.equals(ClusterRun.PROGRESSING) && !c.phase.equals(ClusterRun.PAUSED)) {
                return;
            }
            status = c.handle.status();
        }
        if (!status.newRevision().equals(c.expected.id())) {
            return;
        }
        if (status.aborted() || status.phase() == RolloutPhase.Degraded) {
            if (c.rollingBack) {
                rollbacks.done(c, false, status.message());
            } else {
                clusterFailed(c, status.message());
            }
        } else if (status.phase() == RolloutPhase.Healthy
                && status.currentStepIndex() >= status.stepCount()) {
            if (c.rollingBack) {
                rollbacks.done(c, true, "back on " + c.expected.id());
            } else {
                clusterHealthy(c);
            }
        } else if (WaitingForPerson.test(c.plan.spec(), status)) {
            waitForPerson(c, status);
        }
    }

    private void waitForPerson(ClusterRun c, RolloutStatus status) {
        RolloutHandle handle;
        synchronized (this) {
            if (c.phase.equals(ClusterRun.PAUSED)) {
                return;
            }
            c.phase = ClusterRun.PAUSED;
            c.message = status.message();
            handle = c.handle;
        }
        waitForApproval(c.name() + ": " + status.message(), () -> {
            synchronized (this) {
                c.phase = ClusterRun.PROGRESSING;
            }
            calls.promote(c, handle);
        });
    }

    /** Waits for {@link #approve()}, which then runs {@code then} on the scheduler. */
    void waitForApproval(String why, Runnable then) {
        synchronized (this) {
            state = DeployState.WaitingForApproval;
            onApproval = then;
            touch("waiting for approval: " + why);
        }
        if (rollbackReason == null) {
            rt.versions().waitingForApproval(plan.service(), plan.environment(),
                    ticket.requestId(), why);
        }
        emit(DeployEvent.Type.WaitingForApproval, null, wave, why);
        rt.notify(plan.environment(), notification(DeployNotification.Kind.WAITING_FOR_APPROVAL,
                "deploy of " + plan.revision().id() + " to " + plan.environment()
                        + " waits for approval: " + why));
    }

    private void clusterHealthy(ClusterRun c) {
        if (rollbackReason != null) {
            rt.versions().rollbackTo(plan.service(), plan.environment(), c.name(),
                    c.plan.revision(), rollbackReason);
        } else {
            rt.versions().clusterDeployed(plan.service(), plan.environment(), ticket.requestId(),
                    c.name(), c.plan.revision(), rt.order());
        }
        synchronized (this) {
            c.phase = ClusterRun.HEALTHY;
            c.message = "runs " + c.plan.revision().id();
        }
        emit(DeployEvent.Type.ClusterHealthy, c.name(), c.plan.wave(), c.name() + " runs "
                + c.plan.revision().id());
        continueWave();
    }

    /** Records {@code c} as failed and fails the deploy. */
    void clusterFailed(ClusterRun c, String why) {
        if (rollbackReason == null) {
            rt.versions().clusterFailed(plan.service(), plan.environment(), ticket.requestId(),
                    c.name(), why);
        }
        synchronized (this) {
            c.phase = ClusterRun.DEGRADED;
            c.message = why;
        }
        emit(DeployEvent.Type.ClusterFailed, c.name(), c.plan.wave(), c.name() + ": " + why);
        fail(c.name() + " failed: " + why);
    }

    /** Something failed: later clusters are skipped, and with {@code rollback} done ones go back. */
    void fail(String why) {
        List<ClusterRun> back = new ArrayList<>();
        List<ClusterRun> abort = new ArrayList<>();
        synchronized (this) {
            if (failure != null || state == DeployState.Done) {
                return;
            }
            failure = why;
            onApproval = null;
            for (ClusterRun c : clusters.values()) {
                if (c.phase.equals(ClusterRun.PENDING)) {
                    c.phase = ClusterRun.SKIPPED;
                    c.message = "not started: " + why;
                }
                if (c.phase.equals(ClusterRun.PROGRESSING) || c.phase.equals(ClusterRun.PAUSED)) {
                    // A parallel cluster still rolling out must not finish on its own later; one
                    // whose start is still in flight is aborted as soon as it has started.
                    c.phase = ClusterRun.ABORTED;
                    c.message = "aborted back to " + c.plan.previous().map(Revision::id)
                            .orElse("nothing") + ": " + why;
                    if (c.handle != null) {
                        abort.add(c);
                    }
                }
                if (environment.onFailure() == OnFailure.rollback && c.healthy()
                        && rollbackReason == null) {
                    back.add(c);
                }
            }
            state = DeployState.Running;
            touch(why);
        }
        rollbacks.abortAll(abort, () -> afterAborts(why, back));
    }

    private void afterAborts(String why, List<ClusterRun> back) {
        clusters.values().stream().filter(c -> c.phase.equals(ClusterRun.SKIPPED))
                .forEach(c -> emit(DeployEvent.Type.ClusterSkipped, c.name(), c.plan.wave(), c.message));
        if (back.isEmpty()) {
            end(DeployResult.Failed, why, true);
            return;
        }
        rollbacks.start(back, why);
    }

    /** Ends the run; {@code recorded} when it holds the environment in the version store. */
    void end(DeployResult outcome, String why, boolean recorded) {
        synchronized (this) {
            if (state == DeployState.Done) {
                return;
            }
            state = DeployState.Done;
            result = outcome;
            onApproval = null;
            touch(why);
        }
        LOG.info("deploy {} of {} to {}: {} ({})", ticket.requestId(), plan.revision().id(),
                plan.environment(), outcome, why);
        Optional<DeployTicket> next = recorded && rollbackReason == null
                ? rt.versions().finish(plan.service(), plan.environment(), ticket.requestId(),
                        outcome, why)
                : Optional.empty();
        emit(DeployEvent.Type.Finished, null, -1, outcome + ": " + why);
        DeployNotification.Kind kind = switch (outcome) {
            case Deployed -> DeployNotification.Kind.FINISHED;
            case RolledBack -> DeployNotification.Kind.ROLLED_BACK;
            case Refused -> DeployNotification.Kind.REFUSED;
            case Superseded -> DeployNotification.Kind.SUPERSEDED;
            default -> DeployNotification.Kind.FAILED;
        };
        rt.notify(plan.environment(), notification(kind, why));
        done.complete(status());
        rt.finished(this, next);
    }

    DeployNotification notification(DeployNotification.Kind kind, String text) {
        List<DeployNotification.ClusterChange> changes = plan.clusters().stream()
                .map(c -> new DeployNotification.ClusterChange(c.name(),
                        c.previous().map(Revision::id).orElse(null), c.commits()))
                .toList();
        return new DeployNotification(kind, plan.service(), plan.environment(),
                plan.revision().id(), ticket.requestId(), changes, text, rt.clock().instant());
    }

    void emit(DeployEvent.Type type, String cluster, int waveIndex, String text) {
        rt.emit(new DeployEvent(type, plan.service(), plan.environment(), ticket.requestId(),
                plan.revision().id(), cluster, waveIndex, text, rt.clock().instant()));
    }

    private void touch(String why) {
        message = why;
        updatedAt = rt.clock().instant();
    }

    synchronized ClusterRun cluster(String name) {
        return clusters.get(name);
    }

    /** Why the deploy failed, or null while it has not. */
    synchronized String failure() {
        return failure;
    }

    /** The wave in progress (-1 before the first). */
    synchronized int wave() {
        return wave;
    }

    synchronized boolean failed() {
        return failure != null || state == DeployState.Done;
    }
}
