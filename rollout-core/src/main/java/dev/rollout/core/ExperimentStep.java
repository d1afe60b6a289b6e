package dev.rollout.core;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStep.Experiment;
import dev.rollout.api.model.CanaryStep.Experiment.SpecRef;
import dev.rollout.api.model.CanaryStep.Experiment.Template;
import dev.rollout.api.model.Revision;
import dev.rollout.core.Change;
import dev.rollout.core.RolloutMachine;
import dev.rollout.core.RolloutState;
import dev.rollout.core.Runs;
import dev.rollout.core.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Argo's canary {@code experiment} step on any {@code ClusterTarget}: each template becomes an
 * extra revision {@code <source revision id>-<template name>} (for example {@code v1-baseline} and
 * {@code v2-canary}), scaled up next to the rollout's own pods; once they are all available the
 * analyses run as one analysis run, and the sides are removed when the step ends, however it
 * ends. Side ids follow from the spec and the two revisions alone, so cleanup after an abort or an
 * engine restart needs no extra state: whatever side the target still shows is removed.
 */
final class ExperimentStep {
    private ExperimentStep() {
    }

    /** The revision id of a side. */
    static String sideId(RolloutState s, Template t) {
        return Experiment.sideRevision(t, s.stableRevision(), s.newRevision().id());
    }

    private static String source(RolloutState s, Template t) {
        return t.specRef() == SpecRef.STABLE ? s.stableRevision() : s.newRevision().id();
    }

    /** The revision a side runs: the source's attributes plus the experiment's own. */
    static Revision side(RolloutState s, Template t) {
        Map<String, String> attributes = new HashMap<>(
                t.specRef() == SpecRef.CANARY ? s.newRevision().attributes() : Map.of());
        attributes.put(Experiment.ATTR_EXPERIMENT, t.name());
        attributes.put(Experiment.ATTR_SOURCE, source(s, t));
        attributes.put(Experiment.ATTR_SPEC_REF, t.specRef().yamlName());
        return new Revision(sideId(s, t), attributes);
    }

    /** Every side id any experiment step of this rollout may have created. */
    static Set<String> allSideIds(RolloutState s, List<CanaryStep> steps) {
        Set<String> ids = new LinkedHashSet<>();
        for (CanaryStep step : steps) {
            if (step instanceof Experiment x) {
                x.templates().forEach(t -> ids.add(sideId(s, t)));
            }
        }
        return ids;
    }

    /**
     * Runs the step: null once it is done (the caller completes it and then calls
     * {@link #removeSides}), otherwise what to wait for. A failed analysis or side aborts.
     */
    static Wait run(RolloutMachine m, int i, Experiment x, WorkloadState observed) {
        RolloutState s = m.state();
        boolean scaled = false;
        for (Template t : x.templates()) {
            Optional<RevisionState> live = observed.revision(sideId(s, t));
            if (live.map(RevisionState::desired).orElse(-1) != t.replicas()) {
                m.target().scale(m.workload(), side(s, t), t.replicas());
                m.log("experiment side " + sideId(s, t) + " scaled to " + t.replicas());
                scaled = true;
            }
        }
        if (scaled) {
            observed = m.observe();
        }
        if (s.experimentReadyAt() == null) {
            for (Template t : x.templates()) {
                Optional<RevisionState> live = observed.revision(sideId(s, t));
                if (live.flatMap(RevisionState::failure).isPresent()) {
                    m.apply(new Change.Abort("experiment side " + sideId(s, t) + " failed: "
                            + live.get().failure().get()));
                    return Wait.idle();
                }
                if (live.map(RevisionState::available).orElse(0) < t.replicas()) {
                    return Wait.poll();
                }
            }
            m.apply(new Change.ExperimentReady(m.now()));
            m.progressed();
            m.log("experiment sides " + sides(s, x) + " available");
        }
        Optional<Instant> endsAt = x.duration().map(s.experimentReadyAt()::plus);
        if (x.analysis().isPresent()) {
            if (s.stepRun() == null) {
                m.apply(new Change.StepRun(m.runs().start("step" + i, substitute(s, x, x.analysis().get()))));
            }
            AnalysisPhase phase = m.runs().phase(s.stepRun());
            if (abortIfFailed(m, s.stepRun())) {
                return Wait.idle();
            }
            if (phase.isCompleted() || endsAt.isEmpty()) {
                // Without a duration the run decides; with one, only a failure ends the step early.
                Runs.Verdict verdict = m.runs().judge(s.stepRun());
                if (!verdict.passed()) {
                    return gate(m, verdict);
                }
                if (endsAt.isEmpty() || s.aborted()) {
                    return null;
                }
            }
        }
        if (endsAt.isPresent() && m.now().isBefore(endsAt.get())) {
            return Wait.after(Duration.between(m.now(), endsAt.get()));
        }
        if (s.stepRun() != null && !m.runs().phase(s.stepRun()).isCompleted()) {
            m.runs().terminate(s.stepRun());
            return gate(m, m.runs().judge(s.stepRun()));
        }
        return null;
    }

    /** Removes the sides of {@code x} the target still shows; idempotent. */
    static void removeSides(RolloutMachine m, Experiment x) {
        RolloutState s = m.state();
        List<String> ids = new ArrayList<>();
        x.templates().forEach(t -> ids.add(sideId(s, t)));
        removeIfPresent(m, ids);
    }

    /** Removes every experiment side of this rollout the target still shows (abort, completion). */
    static void removeAllSides(RolloutMachine m, List<CanaryStep> steps) {
        removeIfPresent(m, allSideIds(m.state(), steps));
    }

    private static void removeIfPresent(RolloutMachine m, Iterable<String> ids) {
        if (m.state().experimentReadyAt() != null) {
            m.apply(new Change.ExperimentReady(null));
        }
        WorkloadState observed = null;
        for (String id : ids) {
            if (observed == null) {
                observed = m.observe();
            }
            if (observed.revision(id).isPresent()) {
                m.target().remove(m.workload(), id);
                m.log("experiment side " + id + " removed");
            }
        }
    }

    /**
     * Replaces {@code {{templates.<name>.revision}}} (and Argo's
     * {@code {{templates.<name>.podTemplateHash}}}) in the args' values with the side's revision id.
     */
    static AnalysisRef substitute(RolloutState s, Experiment x, AnalysisRef ref) {
        List<AnalysisRef.Arg> args = new ArrayList<>();
        for (AnalysisRef.Arg a : ref.args()) {
            String value = a.value();
            if (value != null) {
                for (Template t : x.templates()) {
                    value = value.replace("{{templates." + t.name() + ".revision}}", sideId(s, t))
                            .replace("{{templates." + t.name() + ".podTemplateHash}}", sideId(s, t));
                }
            }
            args.add(new AnalysisRef.Arg(a.name(), value, a.secretKeyRef()));
        }
        return new AnalysisRef(ref.templates(), args);
    }

    /** Aborts, with the failing verdicts in the message, when run {@code run} (may be null) failed. */
    static boolean abortIfFailed(RolloutMachine m, String run) {
        if (run == null) {
            return false;
        }
        AnalysisPhase phase = m.runs().phase(run);
        if (phase == AnalysisPhase.Failed || phase == AnalysisPhase.Error) {
            m.apply(new Change.Abort(explain(m, run)));
            return true;
        }
        return false;
    }

    /**
     * The run's description plus its failing measurements' messages: a judge's verdict (p-value,
     * interval) is in the measurement, and the abort message should say it.
     */
    private static String explain(RolloutMachine m, String run) {
        StringBuilder b = new StringBuilder(m.runs().describe(run));
        AnalysisRunStatus st = m.runs().status(run);
        for (MetricResult metric : st == null ? List.<MetricResult>of() : st.metrics()) {
            for (Measurement measurement : metric.measurements()) {
                if ((measurement.phase() == AnalysisPhase.Failed || measurement.phase() == AnalysisPhase.Error)
                        && !measurement.message().isBlank() && b.indexOf(measurement.message()) < 0) {
                    b.append("; ").append(measurement.message());
                }
            }
        }
        return b.toString();
    }

    /** Applies a verdict that did not pass; null once it passed. */
    private static Wait gate(RolloutMachine m, Runs.Verdict verdict) {
        if (verdict.passed()) {
            return null;
        }
        verdict.change().ifPresent(m::apply);
        return Wait.idle();
    }

    private static List<String> sides(RolloutState s, Experiment x) {
        return x.templates().stream().map(t -> sideId(s, t)).toList();
    }
}
