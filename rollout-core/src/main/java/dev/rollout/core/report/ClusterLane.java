package dev.rollout.core.report;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the report draws for one cluster (or one rollout outside a conductor), built event by event. */
final class ClusterLane {
    /** Replicas and traffic from an instant on. */
    public record Weight(Instant at, int weight, int canary, int stable) {
    }

    /** A step that started. */
    public record Step(Instant at, int index, String type) {
    }

    /** A pause; {@code to} is null while it lasts to the end of the timeline. */
    public record Pause(Instant from, Instant to, String reason, String message) {
    }

    /** An abort at the step that was current then. */
    public record Abort(Instant at, int step, String message) {
    }

    /** One measurement; {@code numeric} is empty when its value is no number (no data, error). */
    public record Point(Instant at, String run, String metric, AnalysisPhase phase, String value,
            OptionalDouble numeric, String message, int step) {
    }

    /** A final phase of an analysis run or of one of its metrics (metric empty for the run). */
    public record Verdict(Instant at, String run, String metric, AnalysisPhase phase, String message,
            int step) {
    }

    private static final Pattern FIRST_NUMBER = Pattern.compile(
            "^\\[?\\s*([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|NaN)\\s*(?:[,\\]].*)?$");

    private final String label;
    private final List<Weight> weights = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Pause> pauses = new ArrayList<>();
    private final List<Abort> aborts = new ArrayList<>();
    private final List<Instant> promotions = new ArrayList<>();
    private final Map<String, List<Point>> points = new LinkedHashMap<>();
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<RolloutEvent> events = new ArrayList<>();
    private final List<String> revisions = new ArrayList<>();
    private int step = -1;
    private Pause open;

    ClusterLane(String label) {
        this.label = label;
    }

    void add(RolloutEvent event) {
        events.add(event);
        if (!revisions.contains(event.revision())) {
            revisions.add(event.revision());
        }
        if (event instanceof RolloutEvent.StepStarted e) {
            step = e.stepIndex();
            steps.add(new Step(e.at(), e.stepIndex(), e.stepType()));
        } else if (event instanceof RolloutEvent.Started) {
            step = -1;
        } else if (event instanceof RolloutEvent.WeightChanged e) {
            weights.add(new Weight(e.at(), e.canaryWeight(), e.canaryReplicas(), e.stableReplicas()));
        } else if (event instanceof RolloutEvent.Paused e) {
            closePause(e.at());
            open = new Pause(e.at(), null, e.reason() == null ? "" : e.reason().name(), e.message());
        } else if (event instanceof RolloutEvent.Resumed e) {
            closePause(e.at());
        } else if (event instanceof RolloutEvent.Aborted e) {
            closePause(e.at());
            aborts.add(new Abort(e.at(), step, e.message()));
        } else if (event instanceof RolloutEvent.Promoted e) {
            closePause(e.at());
            promotions.add(e.at());
        } else if (event instanceof RolloutEvent.AnalysisMeasured e) {
            String value = e.measurement().value().orElse("");
            points.computeIfAbsent(e.metricName(), k -> new ArrayList<>()).add(new Point(e.at(),
                    e.runName(), e.metricName(), e.measurement().phase(), value, numeric(value),
                    e.measurement().message(), step));
        } else if (event instanceof RolloutEvent.AnalysisPhaseChanged e && e.phase().isCompleted()) {
            verdicts.add(new Verdict(e.at(), e.runName(), e.metricName(), e.phase(), e.message(), step));
        }
    }

    private void closePause(Instant at) {
        if (open != null) {
            pauses.add(new Pause(open.from(), at, open.reason(), open.message()));
            open = null;
        }
    }

    /** The first number of a displayed value ({@code 0.05}, {@code [0.99]}, {@code [1, 2]}). */
    static OptionalDouble numeric(String value) {
        Matcher m = FIRST_NUMBER.matcher(value.trim());
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        double d = Double.parseDouble(m.group(1));
        return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    /** The lane's title. */
    public String label() {
        return label;
    }

    public List<Weight> weights() {
        return weights;
    }

    public List<Step> steps() {
        return steps;
    }

    /** Pauses, a pause still open at the end included with a null end. */
    public List<Pause> pauses() {
        List<Pause> all = new ArrayList<>(pauses);
        if (open != null) {
            all.add(open);
        }
        return all;
    }

    public List<Abort> aborts() {
        return aborts;
    }

    public List<Instant> promotions() {
        return promotions;
    }

    /** Measurements by metric, in the order metrics were first measured. */
    public Map<String, List<Point>> points() {
        return points;
    }

    public List<Verdict> verdicts() {
        return verdicts;
    }

    public List<RolloutEvent> events() {
        return events;
    }

    /** The revisions this lane's events were about, in order. */
    public List<String> revisions() {
        return revisions;
    }
}
