package dev.rollout.core;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.PauseCondition.Reason;
import dev.rollout.api.model.RolloutSpec;
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
import java.util.Optional;

/**
 * The blue/green state machine (Argo semantics): the new side comes up behind the preview
 * service, pre-promotion analysis and the pause gate the switch of the active service, and
 * post-promotion analysis may switch it back. The old side is removed after
 * {@code scaleDownDelaySeconds}.
 */
final class BlueGreenProgram implements StrategyProgram {
    private static final String FIELD = "spec.strategy.blueGreen";
    private static final List<Reason> ALL = List.of(Reason.values());

    /**
     * The stages, in order; persisted by name. Each is reported as a step (events, history,
     * {@code currentStepIndex}) at its ordinal, with type {@code blueGreen:<field>}.
     */
    enum Stage {
        PREVIEW("preview"), PRE_PROMOTION_ANALYSIS("prePromotionAnalysis"), PAUSE("pause"),
        SCALE_UP("scaleUp"), SWITCH("switch"), POST_PROMOTION_ANALYSIS("postPromotionAnalysis");

        private final String type;

        Stage(String field) {
            this.type = "blueGreen:" + field;
        }
    }

    private final RolloutMachine m;
    private final BlueGreenStrategy bg;
    private final int replicas;

    /** A program for one rollout's blue/green spec. */
    public BlueGreenProgram(RolloutMachine machine, RolloutSpec spec) {
        this.m = machine;
        this.bg = (BlueGreenStrategy) spec.strategy();
        this.replicas = spec.replicas();
    }

    @Override
    public int stepCount() {
        return Stage.values().length;
    }

    @Override
    public void validate() {
        List<SpecProblem> problems = new ArrayList<>();
        if (bg.activeService().isBlank()) {
            problems.add(problem(FIELD + ".activeService", "is required"));
        }
        if (bg.previewService().map(p -> p.equals(bg.activeService())).orElse(false)) {
            problems.add(problem(FIELD + ".previewService", "must differ from activeService"));
        }
        bg.previewReplicaCount().ifPresent(p -> {
            if (p < 1 || p > replicas) {
                problems.add(problem(FIELD + ".previewReplicaCount", "must be 1.." + replicas + ", was " + p));
            }
        });
        bg.autoPromotionSeconds().ifPresent(sec -> {
            if (sec < 0) {
                problems.add(problem(FIELD + ".autoPromotionSeconds", "must not be negative, was " + sec));
            }
        });
        boolean launcher = m.context().launcher() != null;
        if (bg.prePromotionAnalysis().isPresent() && !launcher) {
            problems.add(problem(FIELD + ".prePromotionAnalysis", "the engine has no AnalysisLauncher"));
        }
        if (bg.postPromotionAnalysis().isPresent() && !launcher) {
            problems.add(problem(FIELD + ".postPromotionAnalysis", "the engine has no AnalysisLauncher"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    private static SpecProblem problem(String field, String message) {
        return new SpecProblem("<inline>", 0, field, message);
    }

    private Stage stage() {
        String name = m.state().blueGreenStage();
        return name == null ? Stage.PREVIEW : Stage.valueOf(name);
    }

    @Override
    public Wait reconcile(WorkloadState observed) {
        RolloutState s = m.state();
        if (s.activeRevision() == null) {
            m.apply(new Change.ActiveRevision(s.stableRevision()));
        }
        checkPostAnalysis();
        while (!s.aborted() && s.pauses().isEmpty()) {
            Stage stage = stage();
            if (s.blueGreenStage() == null) {
                started(stage);
            }
            Wait wait = switch (stage) {
                case PREVIEW -> preview(observed);
                case PRE_PROMOTION_ANALYSIS -> analysis(bg.prePromotionAnalysis(), "prepromotion");
                case PAUSE -> pause();
                case SCALE_UP -> scaleUp();
                case SWITCH -> switchActive();
                case POST_PROMOTION_ANALYSIS -> analysis(bg.postPromotionAnalysis(), "postpromotion");
            };
            if (wait != null) {
                return wait;
            }
            if (stage == Stage.POST_PROMOTION_ANALYSIS) {
                finish(stage);
                return Wait.idle();
            }
            next(stage);
        }
        return Wait.idle();
    }

    private Wait preview(WorkloadState observed) {
        RolloutState s = m.state();
        int preview = bg.previewReplicaCount().orElse(replicas);
        if (Moves.scaleNew(m, Math.max(preview, s.canaryReplicas()))) {
            observed = m.observe();
        }
        if (bg.previewService().isPresent() && !s.newRevision().id().equals(s.previewRevision())) {
            Moves.pointService(m, bg.previewService().get(), s.newRevision().id());
            m.apply(new Change.PreviewRevision(s.newRevision().id()));
        }
        return m.available(observed, s.newRevision().id()) < preview ? Wait.poll() : null;
    }

    private Wait analysis(Optional<AnalysisRef> ref, String kind) {
        RolloutState s = m.state();
        if (ref.isEmpty() || s.promoteFull()) {
            return null;
        }
        if (s.stepPromoted()) {
            m.runs().terminate(s.stepRun());
            return null;
        }
        if (s.stepRun() == null) {
            m.apply(new Change.StepRun(m.runs().start(kind, ref.get())));
        }
        Runs.Verdict verdict = m.runs().judge(s.stepRun());
        if (verdict.passed()) {
            return null;
        }
        verdict.change().ifPresent(m::apply);
        return Wait.idle();
    }

    private void checkPostAnalysis() {
        RolloutState s = m.state();
        if (!s.stepPromoted()) {
            m.runs().failure(s.stepRun()).ifPresent(m::apply);
        }
    }

    private Wait pause() {
        RolloutState s = m.state();
        if (s.promoteFull() || s.stepPromoted()) {
            return null;
        }
        if (!s.stepPauseEntered()) {
            m.apply(new Change.StepPauseEntered());
            if (!bg.autoPromotionEnabled()) {
                m.apply(new Change.Pause(Reason.BlueGreenPause, null, null));
                return Wait.idle();
            }
            int seconds = bg.autoPromotionSeconds().orElse(0);
            if (seconds > 0) {
                m.apply(new Change.Pause(Reason.BlueGreenPause, m.now().plusSeconds(seconds), null));
                return Wait.idle();
            }
            return null;
        }
        return s.pausedFor(Reason.BlueGreenPause) ? Wait.idle() : null;
    }

    private Wait scaleUp() {
        RolloutState s = m.state();
        Moves.scaleNew(m, replicas);
        WorkloadState observed = m.observe();
        return m.available(observed, s.newRevision().id()) < replicas ? Wait.poll() : null;
    }

    private Wait switchActive() {
        RolloutState s = m.state();
        if (!s.newRevision().id().equals(s.activeRevision())) {
            Moves.pointService(m, bg.activeService(), s.newRevision().id());
            m.apply(new Change.ActiveRevision(s.newRevision().id()));
            m.apply(new Change.Weight(100));
        }
        return null;
    }

    private void started(Stage stage) {
        RolloutState s = m.state();
        m.apply(new Change.StageStarted(stage.name(), stage.ordinal()));
        m.emit(new RolloutEvent.StepStarted(s.id(), s.newRevision().id(), m.now(), stage.ordinal(),
                type(stage), "Blue/green stage " + type(stage) + " started"));
    }

    private void next(Stage stage) {
        completed(stage);
        started(Stage.values()[stage.ordinal() + 1]);
    }

    private void completed(Stage stage) {
        RolloutState s = m.state();
        m.apply(new Change.StepCompleted(stage.ordinal(), type(stage)));
        m.emit(new RolloutEvent.StepCompleted(s.id(), s.newRevision().id(), m.now(), stage.ordinal(),
                type(stage), "Blue/green stage " + type(stage) + " completed"));
        m.log("blue/green stage " + type(stage) + " completed");
    }

    private void finish(Stage last) {
        RolloutState s = m.state();
        completed(last);
        Moves.promoted(m, s.promoteFull() ? "full promotion" : "active service switched", replicas,
                m.now().plusSeconds(bg.scaleDownDelaySeconds()));
    }

    private static String type(Stage stage) {
        return stage.type;
    }

    @Override
    public void whilePaused() {
        checkPostAnalysis();
    }

    @Override
    public void promote() {
        RolloutState s = m.state();
        if (s.pauses().isEmpty() || s.pausedFor(Reason.InconclusiveAnalysisRun)
                || s.pausedFor(Reason.BlueGreenPause)) {
            m.apply(new Change.StepPromoted(true));
        }
        m.apply(new Change.Resume(ALL));
    }

    @Override
    public void promoteFull() {
        RolloutState s = m.state();
        m.runs().terminate(s.stepRun());
        m.apply(new Change.StepRun(null));
        m.apply(new Change.Resume(ALL));
    }

    @Override
    public void abort() {
        RolloutState s = m.state();
        Moves.scaleStable(m, replicas);
        if (s.newRevision().id().equals(s.activeRevision())) {
            Moves.pointService(m, bg.activeService(), s.stableRevision());
            m.apply(new Change.ActiveRevision(s.stableRevision()));
        }
        if (bg.previewService().isPresent() && s.newRevision().id().equals(s.previewRevision())) {
            Moves.pointService(m, bg.previewService().get(), s.stableRevision());
            m.apply(new Change.PreviewRevision(s.stableRevision()));
        }
        m.apply(new Change.Weight(0));
    }

    @Override
    public void abortScaleDown() {
        Moves.scaleNew(m, 0);
    }

    @Override
    public Duration abortScaleDownDelay() {
        return Duration.ofSeconds(bg.abortScaleDownDelaySeconds());
    }

    @Override
    public void onInitialDeploy() {
        RolloutState s = m.state();
        Moves.pointService(m, bg.activeService(), s.newRevision().id());
        m.apply(new Change.ActiveRevision(s.newRevision().id()));
        bg.previewService().ifPresent(p -> {
            Moves.pointService(m, p, s.newRevision().id());
            m.apply(new Change.PreviewRevision(s.newRevision().id()));
        });
    }
}
