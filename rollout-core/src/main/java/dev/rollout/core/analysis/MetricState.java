package dev.rollout.core.analysis;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MetricResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The counters and phase of one metric in a run, with Argo's rules (DESIGN §4). Not thread-safe:
 * guarded by its run's lock.
 */
final class MetricState {
    private final ResolvedMetric metric;
    private final UnaryOperator<String> redact;
    private final ArrayDeque<Measurement> kept = new ArrayDeque<>();
    private AnalysisPhase phase = AnalysisPhase.Pending;
    private String message = "";
    private int count;
    private int successful;
    private int failed;
    private int inconclusive;
    private int error;
    private int consecutiveError;
    private int consecutiveSuccess;
    private Measurement last;

    /** A metric in phase Pending. */
    public MetricState(ResolvedMetric metric, UnaryOperator<String> redact) {
        this.metric = metric;
        this.redact = redact;
    }

    /** The metric measured. */
    public ResolvedMetric metric() {
        return metric;
    }

    /** The current phase. */
    public AnalysisPhase phase() {
        return phase;
    }

    /** Why the metric is in its phase. */
    public String message() {
        return message;
    }

    /** The latest completed measurement, or null. */
    public Measurement last() {
        return last;
    }

    /** Marks the first measurement as started: Pending becomes Running. */
    public boolean markRunning() {
        if (phase == AnalysisPhase.Pending) {
            phase = AnalysisPhase.Running;
            return true;
        }
        return false;
    }

    /** Adds a completed measurement to the counters and keeps it (up to the retention limit). */
    public void record(Measurement m) {
        switch (m.phase()) {
            case Successful -> {
                successful++;
                count++;
                consecutiveError = 0;
                consecutiveSuccess++;
            }
            case Failed -> {
                failed++;
                count++;
                consecutiveError = 0;
                consecutiveSuccess = 0;
            }
            case Inconclusive -> {
                inconclusive++;
                count++;
                consecutiveError = 0;
                consecutiveSuccess = 0;
            }
            case Error -> {
                error++;
                consecutiveError++;
                consecutiveSuccess = 0;
            }
            default -> throw new IllegalArgumentException("not a completed measurement: " + m.phase());
        }
        last = m;
        message = explain(phase, "count " + count + (metric.hasCount() ? "/" + metric.effectiveCount() : "")
                + ", failed " + failed + " (failureLimit " + metric.failureLimit() + "), inconclusive "
                + inconclusive + ", consecutiveErrors " + consecutiveError + ", consecutiveSuccess "
                + consecutiveSuccess);
        kept.addLast(m);
        while (kept.size() > metric.retention()) {
            kept.removeFirst();
        }
    }

    /**
     * Assesses the phase after a measurement, in DESIGN §4's order, and returns the new phase if it
     * changed (null otherwise). {@code terminating} completes a metric that would keep running.
     */
    public AnalysisPhase assess(boolean terminating) {
        if (phase.isCompleted()) {
            return null;
        }
        AnalysisPhase next;
        String why;
        if (last == null) {
            if (!terminating) {
                return null;
            }
            next = AnalysisPhase.Successful;
            why = "run terminated before the first measurement";
        } else if (metric.failureLimit() >= 0 && failed > metric.failureLimit()) {
            next = AnalysisPhase.Failed;
            why = "failed (" + failed + ") > failureLimit (" + metric.failureLimit() + ")";
        } else if (inconclusive > metric.inconclusiveLimit()) {
            next = AnalysisPhase.Inconclusive;
            why = "inconclusive (" + inconclusive + ") > inconclusiveLimit (" + metric.inconclusiveLimit() + ")";
        } else if (consecutiveError > metric.consecutiveErrorLimit()) {
            next = AnalysisPhase.Error;
            why = "consecutiveErrors (" + consecutiveError + ") > consecutiveErrorLimit ("
                    + metric.consecutiveErrorLimit() + ")";
        } else if (metric.consecutiveSuccessLimit() > 0
                && consecutiveSuccess >= metric.consecutiveSuccessLimit()) {
            next = AnalysisPhase.Successful;
            why = "consecutiveSuccess (" + consecutiveSuccess + ") reached consecutiveSuccessLimit ("
                    + metric.consecutiveSuccessLimit() + ")";
        } else if (metric.hasCount() && count >= metric.effectiveCount()) {
            boolean failureApplies = metric.failureLimit() >= 0;
            boolean successApplies = metric.consecutiveSuccessLimit() > 0;
            String reached = "count (" + count + ") reached";
            if (failureApplies && successApplies) {
                next = AnalysisPhase.Inconclusive;
                why = reached + " without consecutiveSuccessLimit (" + metric.consecutiveSuccessLimit()
                        + ") or failureLimit (" + metric.failureLimit() + ") deciding";
            } else if (successApplies) {
                next = AnalysisPhase.Failed;
                why = reached + " without " + metric.consecutiveSuccessLimit()
                        + " consecutive successes (consecutiveSuccessLimit)";
            } else {
                next = AnalysisPhase.Successful;
                why = reached + "; failed (" + failed + ") <= failureLimit (" + metric.failureLimit() + ")";
            }
        } else if (terminating) {
            next = AnalysisPhase.Successful;
            why = "run terminated";
        } else {
            return null;
        }
        phase = next;
        message = explain(next, why);
        return next;
    }

    private String explain(AnalysisPhase next, String why) {
        StringBuilder sb = new StringBuilder("metric \"").append(metric.name()).append("\" ")
                .append(next).append(": ").append(why);
        if (last != null && last.phase() != AnalysisPhase.Error && !last.details().isEmpty()) {
            // A judged measurement: the judge decided, and its explanation (p-value, shift,
            // interval) is the reason; its value is only the score.
            sb.append("; last measurement: ").append(last.message());
        } else if (last != null) {
            sb.append("; last value ").append(last.value().orElse(
                    last.phase() == AnalysisPhase.Error ? "<error>" : "<no data>"))
                    .append(" against ").append(metric.conditionsText());
            if (last.phase() == AnalysisPhase.Error) {
                sb.append(" (").append(last.message()).append(")");
            }
        }
        return redact.apply(sb.toString());
    }

    /** Whether another measurement is due (the metric is not complete and its count not reached). */
    public boolean wantsMore() {
        return !phase.isCompleted() && (!metric.hasCount() || count < metric.effectiveCount());
    }

    /** Whether the last measurement was an Error (the next one comes after the retry interval). */
    public boolean lastWasError() {
        return last != null && last.phase() == AnalysisPhase.Error;
    }

    /** An immutable snapshot, with an in-flight measurement appended when given. */
    public MetricResult snapshot(Measurement inFlight) {
        List<Measurement> measurements = new ArrayList<>(kept.size() + 1);
        measurements.addAll(kept);
        if (inFlight != null) {
            measurements.add(inFlight);
            if (measurements.size() > metric.retention()) {
                measurements.remove(0);
            }
        }
        return new MetricResult(metric.name(), phase, metric.dryRun(), count, successful, failed,
                inconclusive, error, consecutiveError, consecutiveSuccess, measurements, message);
    }
}
