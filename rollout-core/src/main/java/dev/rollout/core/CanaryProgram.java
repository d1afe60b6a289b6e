package dev.rollout.core;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.PauseCondition.Reason;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.TrafficRouter;
import dev.rollout.core.StepContext;
import dev.rollout.core.StepHandler;
import dev.rollout.core.StepOutcome;
import dev.rollout.core.canary.CanaryReplicaMath;
import dev.rollout.core.Change;
import dev.rollout.core.Moves;
import dev.rollout.core.RolloutMachine;
import dev.rollout.core.RolloutState;
import dev.rollout.core.Runs;
import dev.rollout.core.StrategyProgram;
import dev.rollout.core.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The canary state machine: steps, background analysis, full promotion and abort (Argo semantics). */
final class CanaryProgram implements StrategyProgram {
    private static final String FIELD = "spec.strategy.canary";
    private static final List<Reason> ALL = List.of(Reason.values());

    private final RolloutMachine m;
    private final CanaryStrategy canary;
    private final int replicas;
    private final List<CanaryStep> steps;
    private TrafficRouter router;
    /** After a resume while paused: the counts applied before the restart, until applied again. */
    private Desired reassert;

    /** A program for one rollout's canary spec. */
    public CanaryProgram(RolloutMachine machine, RolloutSpec spec) {
        this.m = machine;
        this.canary = (CanaryStrategy) spec.strategy();
        this.replicas = spec.replicas();
        this.steps = canary.steps();
    }

    @Override
    public int stepCount() {
        return steps.size();
    }

    @Override
    public void validate() {
        List<SpecProblem> problems = new ArrayList<>();
        try {
            CanaryReplicaMath.limits(replicas, canary.maxSurge(), canary.maxUnavailable());
        } catch (InvalidSpecException e) {
            problems.addAll(e.problems());
        }
        boolean routed = canary.trafficRouting().isPresent();
        if (routed && router() == null) {
            problems.add(problem(FIELD + ".trafficRouting", "target " + m.target().name()
                    + " has no traffic router of kind '" + canary.trafficRouting().get().kind() + "'"));
        }
        if (!routed && canary.dynamicStableScale()) {
            problems.add(problem(FIELD + ".dynamicStableScale", "requires trafficRouting"));
        }
        boolean launcher = m.context().launcher() != null;
        if (canary.analysis().isPresent() && !launcher) {
            problems.add(problem(FIELD + ".analysis", "the engine has no AnalysisLauncher"));
        }
        for (int i = 0; i < steps.size(); i++) {
            String field = FIELD + ".steps[" + i + "]";
            CanaryStep step = steps.get(i);
            if (step instanceof CanaryStep.SetCanaryScale && !routed) {
                problems.add(problem(field + ".setCanaryScale", "requires trafficRouting"));
            } else if ((step instanceof CanaryStep.Analysis
                    || step instanceof CanaryStep.Experiment x && x.analysis().isPresent()) && !launcher) {
                problems.add(problem(field + "." + step.type(), "the engine has no AnalysisLauncher"));
            } else if (step instanceof CanaryStep.Custom c && !m.context().handlers().containsKey(c.name())) {
                problems.add(problem(field + "." + c.name(), "no StepHandler registered for custom step '"
                        + c.name() + "' (registered: " + m.context().handlers().keySet() + ")"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    private static SpecProblem problem(String field, String message) {
        return new SpecProblem("<inline>", 0, field, message);
    }

    private TrafficRouter router() {
        if (router == null && canary.trafficRouting().isPresent()) {
            router = m.target().trafficRouter(m.workload(), canary.routingWithServices().get()).orElse(null);
        }
        return router;
    }

    @Override
    public Wait reconcile(WorkloadState observed) {
        RolloutState s = m.state();
        checkAnalysis();
        if (s.aborted() || !s.pauses().isEmpty()) {
            return Wait.idle();
        }
        while (!s.promoteFull() && s.stepIndex() < steps.size()) {
            int i = s.stepIndex();
            CanaryStep step = steps.get(i);
            if (!s.stepStarted()) {
                m.apply(new Change.StepStarted());
                m.emit(new RolloutEvent.StepStarted(s.id(), s.newRevision().id(), m.now(), i, step.type(),
                        "Step " + i + " (" + step.type() + ") started"));
                m.log("step " + i + " (" + step.type() + ") started");
            }
            if (s.stepPromoted()) {
                m.runs().terminate(s.stepRun());
                completeStep(i, step, "skipped by promote");
                continue;
            }
            Wait converging = converge(observed, desiredAt(i));
            if (converging != null) {
                return converging;
            }
            Wait waiting = step instanceof CanaryStep.Experiment x
                    ? ExperimentStep.run(m, i, x, observed) : runStep(i, step);
            if (waiting != null) {
                return waiting;
            }
            completeStep(i, step, "completed");
            checkAnalysis();
            if (s.aborted() || !s.pauses().isEmpty()) {
                return Wait.idle();
            }
        }
        return promoteFully(observed);
    }

    private Wait runStep(int i, CanaryStep step) {
        RolloutState s = m.state();
        if (step instanceof CanaryStep.Pause pause) {
            if (!s.stepPauseEntered()) {
                m.apply(new Change.StepPauseEntered());
                if (pause.duration().map(Duration::isZero).orElse(false)) {
                    return null;
                }
                m.apply(new Change.Pause(Reason.CanaryPauseStep,
                        pause.duration().map(d -> m.now().plus(d)).orElse(null), null));
                return Wait.idle();
            }
            return s.pausedFor(Reason.CanaryPauseStep) ? Wait.idle() : null;
        }
        if (step instanceof CanaryStep.Analysis analysis) {
            if (s.stepRun() == null) {
                m.apply(new Change.StepRun(m.runs().start("step" + i, analysis.analysis())));
            }
            return gate(m.runs().judge(s.stepRun()));
        }
        if (step instanceof CanaryStep.Custom custom) {
            return runCustom(i, custom);
        }
        return null;
    }

    private Wait runCustom(int i, CanaryStep.Custom custom) {
        RolloutState s = m.state();
        StepHandler handler = m.context().handlers().get(custom.name());
        StepOutcome outcome;
        try {
            outcome = handler.execute(new StepContext(s.id(), s.spec(), s.newRevision(), s.stableRevision(), i,
                    custom.config(), m.target(), m.workload(), s.stepStartedAt(), m.context().scheduler().clock()));
        } catch (RuntimeException e) {
            outcome = StepOutcome.fail(String.valueOf(e.getMessage()));
        }
        if (outcome instanceof StepOutcome.Wait w) {
            return Wait.after(w.delay());
        }
        if (outcome instanceof StepOutcome.Fail f) {
            m.apply(new Change.Abort("custom step " + custom.name() + " failed: " + f.reason()));
            return Wait.idle();
        }
        return null;
    }

    private void completeStep(int i, CanaryStep step, String how) {
        RolloutState s = m.state();
        if (step instanceof CanaryStep.Experiment x) {
            // Passed, promoted past or skipped: the extra sides go either way.
            ExperimentStep.removeSides(m, x);
        }
        m.apply(new Change.StepCompleted(i, step.type()));
        m.emit(new RolloutEvent.StepCompleted(s.id(), s.newRevision().id(), m.now(), i, step.type(),
                "Step " + i + " (" + step.type() + ") " + how));
        m.log("step " + i + " (" + step.type() + ") " + how);
    }

    /** Background analysis: started at its step, judged at every reconcile, even while paused. */
    private void checkAnalysis() {
        RolloutState s = m.state();
        boolean experiment = s.stepIndex() < steps.size() && steps.get(s.stepIndex()) instanceof CanaryStep.Experiment;
        if (!s.stepPromoted() && experiment && ExperimentStep.abortIfFailed(m, s.stepRun())) {
            return;
        }
        if (!s.stepPromoted() && m.runs().failure(s.stepRun()).map(this::applied).orElse(false)) {
            return;
        }
        if (canary.analysis().isEmpty() || s.backgroundDone()) {
            return;
        }
        if (s.backgroundRun() == null) {
            if (s.promoteFull() || s.stepIndex() < canary.analysis().get().startingStep()
                    || s.stepIndex() >= steps.size()) {
                return;
            }
            m.apply(new Change.BackgroundRun(m.runs().start("background", canary.analysis().get().analysis())));
        }
        AnalysisPhase phase = m.runs().phase(s.backgroundRun());
        if (phase == AnalysisPhase.Successful) {
            m.apply(new Change.BackgroundDone());
        } else if (phase.isCompleted()) {
            gate(m.runs().judge(s.backgroundRun()));
        }
    }

    private Wait promoteFully(WorkloadState observed) {
        RolloutState s = m.state();
        if (s.backgroundRun() != null && !s.backgroundDone()) {
            m.runs().terminate(s.backgroundRun());
        }
        m.apply(new Change.BackgroundDone());
        m.apply(new Change.StepPromoted(false));
        if (s.stepRun() != null) {
            m.runs().terminate(s.stepRun());
            m.apply(new Change.StepRun(null));
        }
        Wait converging = converge(observed, desiredAt(steps.size()));
        if (converging != null) {
            return converging;
        }
        ExperimentStep.removeAllSides(m, steps);
        Moves.promoted(m, s.promoteFull() ? "full promotion" : "all steps completed", replicas,
                m.now().plus(oldRevisionDelay()));
        if (router() != null) {
            router().reset(m.workload(), s.newRevision().id());
        }
        return Wait.idle();
    }

    /**
     * How long the old stable revision stays up after promotion: with a router it may still get
     * traffic until the routing change is everywhere, so Argo keeps it {@code scaleDownDelaySeconds};
     * without one (replicas are the traffic) or with dynamic stable scale (already at 0) it goes
     * at once.
     */
    private Duration oldRevisionDelay() {
        return router() != null && !canary.dynamicStableScale()
                ? Duration.ofSeconds(canary.scaleDownDelaySeconds()) : Duration.ZERO;
    }

    /** Replicas and weight the canary should have once step {@code i} applied ({@code i = n}: promoted). */
    Desired desiredAt(int i) {
        boolean routed = router() != null;
        if (i >= steps.size()) {
            return new Desired(100, replicas, routed && !canary.dynamicStableScale() ? replicas : 0);
        }
        int weight = 0;
        Integer scale = null;
        for (int k = 0; k <= i; k++) {
            CanaryStep step = steps.get(k);
            if (step instanceof CanaryStep.SetWeight w) {
                weight = w.weight();
            } else if (step instanceof CanaryStep.SetCanaryScale c) {
                scale = c.matchTrafficWeight() ? null : c.replicas().isPresent()
                        ? Integer.valueOf(c.replicas().getAsInt())
                        : Integer.valueOf(CanaryReplicaMath.routedCanaryReplicas(replicas, c.weight().getAsInt()));
            }
        }
        if (!routed) {
            int surge = CanaryReplicaMath.limits(replicas, canary.maxSurge(), canary.maxUnavailable()).maxSurge();
            CanaryReplicaMath.Split split = CanaryReplicaMath.basic(replicas, weight, surge);
            return new Desired(weight, split.canary(), split.stable());
        }
        int canaryReplicas = scale != null ? scale : CanaryReplicaMath.routedCanaryReplicas(replicas, weight);
        int stable = canary.dynamicStableScale() ? CanaryReplicaMath.dynamicStableReplicas(replicas, weight) : replicas;
        return new Desired(weight, canaryReplicas, stable);
    }

    /**
     * Moves toward {@code d}. With a router: less traffic first, then canary pods, traffic only
     * once they are available, then the stable side. Null once everything is in place.
     */
    private Wait converge(WorkloadState observed, Desired d) {
        RolloutState s = m.state();
        TrafficRouter r = router();
        if (r == null) {
            return BasicCanaryScaler.converge(m, observed, d, limits(), replicas);
        }
        if (d.weight() < s.canaryWeight()) {
            Moves.routeWeight(m, r, d.weight());
        }
        boolean scaled = false;
        if (d.stable() > s.stableReplicas()) {
            scaled |= Moves.scaleStable(m, d.stable());
        }
        scaled |= Moves.scaleNew(m, d.canary());
        if (scaled) {
            observed = m.observe();
        }
        if (d.canary() > 0 && m.available(observed, s.newRevision().id()) < d.canary()) {
            return Wait.poll();
        }
        if (d.stable() > 0 && m.available(observed, s.stableRevision()) < d.stable()) {
            return Wait.poll();
        }
        Moves.routeWeight(m, r, d.weight());
        if (d.stable() < s.stableReplicas()) {
            Moves.scaleStable(m, d.stable());
        }
        return null;
    }

    @Override
    public void whilePaused() {
        checkAnalysis();
        RolloutState s = m.state();
        if (reassert != null && !s.aborted() && s.pauses().size() > 0) {
            // Resumed while paused: what was applied before the restart is applied again.
            if (converge(m.observe(), reassert) == null) {
                reassert = null;
            } else {
                m.wakeAfter(m.context().backoffInitial());
            }
        }
    }

    @Override
    public void resumed() {
        RolloutState s = m.state();
        reassert = s.completed() || s.aborted() || s.pauses().isEmpty() ? null
                : new Desired(s.canaryWeight(), s.canaryReplicas(), s.stableReplicas());
    }

    @Override
    public boolean windDown(String revision) {
        return router() != null || BasicCanaryScaler.windDown(m, revision, limits(), replicas);
    }

    private CanaryReplicaMath.Limits limits() {
        return CanaryReplicaMath.limits(replicas, canary.maxSurge(), canary.maxUnavailable());
    }

    @Override
    public void promote() {
        RolloutState s = m.state();
        if (s.pauses().isEmpty()) {
            m.apply(new Change.StepPromoted(true));
        } else {
            if (s.pausedFor(Reason.InconclusiveAnalysisRun)) {
                if (s.stepRun() != null && m.runs().phase(s.stepRun()) == AnalysisPhase.Inconclusive) {
                    m.apply(new Change.StepPromoted(true));
                }
                if (s.backgroundRun() != null && m.runs().phase(s.backgroundRun()) == AnalysisPhase.Inconclusive) {
                    m.apply(new Change.BackgroundDone());
                }
            }
            m.apply(new Change.Resume(ALL));
        }
    }

    @Override
    public void promoteFull() {
        RolloutState s = m.state();
        m.runs().terminate(s.stepRun());
        m.runs().terminate(s.backgroundRun());
        m.apply(new Change.BackgroundDone());
        m.apply(new Change.Resume(ALL));
    }

    @Override
    public void abort() {
        ExperimentStep.removeAllSides(m, steps);
        if (router() != null) {
            Moves.routeWeight(m, router(), 0);
            Moves.scaleStable(m, replicas);
        } else {
            // Replicas are the traffic: stable comes back as the canary goes, within the bounds.
            Moves.recordWeight(m, 0);
        }
    }

    @Override
    public void abortScaleDown() {
        RolloutState s = m.state();
        // Again here: an abort recorded before an engine restart may not have removed them.
        ExperimentStep.removeAllSides(m, steps);
        if (router() == null) {
            if (BasicCanaryScaler.converge(m, m.observe(), new Desired(0, 0, replicas), limits(),
                    replicas) != null) {
                // Not there yet: the scale-down goes on once more pods are available.
                m.apply(new Change.AbortScaleDownAt(m.now()));
                m.wakeAfter(m.nextPollDelay());
            }
            return;
        }
        Moves.scaleNew(m, 0);
        // Traffic went to stable when the rollout aborted; now the router's own objects (a
        // canary Ingress, a TrafficSplit it created) go too, so an abort leaves nothing behind.
        if (router() != null) {
            router().reset(m.workload(), m.state().stableRevision());
        }
    }

    @Override
    public Duration abortScaleDownDelay() {
        return router() != null ? Duration.ofSeconds(canary.abortScaleDownDelaySeconds()) : Duration.ZERO;
    }

    /** Applies a gating run's verdict; null once it passed (the step goes on), else what to wait for. */
    private Wait gate(Runs.Verdict verdict) {
        if (verdict.passed()) {
            return null;
        }
        verdict.change().ifPresent(m::apply);
        return Wait.idle();
    }

    private boolean applied(Change change) {
        m.apply(change);
        return true;
    }

    /** Weight, canary replicas and stable replicas a step asks for. */
    record Desired(int weight, int canary, int stable) {
    }
}
