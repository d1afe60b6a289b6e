package dev.rollout.core.report;

import static dev.rollout.core.report.Html.esc;
import static dev.rollout.core.report.Html.num;

import dev.rollout.core.report.Threshold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** The SVG charts of one cluster lane: traffic, replicas, and one chart per measured metric. */
final class LaneCharts {
    private static final double TOP = 30;
    private static final double PLOT = 130;
    private static final double BOTTOM = TOP + PLOT;
    private static final double HEIGHT = BOTTOM + 24;

    private LaneCharts() {
    }

    /** Canary weight over time as a step line, with steps, pauses, abort and promotion marked. */
    public static String traffic(ClusterLane lane, TimeAxis axis) {
        StringBuilder svg = open("traffic", "Canary weight (%) by step");
        axis.ticks(svg, TOP, BOTTOM);
        yLabels(svg, 0, 100, "%");
        for (ClusterLane.Pause p : lane.pauses()) {
            double x1 = axis.x(p.from());
            double x2 = p.to() == null ? axis.right() : axis.x(p.to());
            svg.append("<rect class=\"pause\" data-reason=\"").append(esc(p.reason()))
                    .append("\" x=\"").append(num(x1)).append("\" y=\"").append(num(TOP))
                    .append("\" width=\"").append(num(Math.max(2, x2 - x1))).append("\" height=\"")
                    .append(num(PLOT)).append("\"><title>").append(esc("pause (" + p.reason() + "): "
                            + p.message())).append("</title></rect>");
        }
        // Steps that start at the same moment (a setWeight then a pause) share one label.
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        for (ClusterLane.Step s : lane.steps()) {
            labels.merge(num(axis.x(s.at())), String.valueOf(s.index()), (a, b) -> a + "," + b);
        }
        for (java.util.Map.Entry<String, String> l : labels.entrySet()) {
            svg.append("<text class=\"step-label\" x=\"").append(l.getKey()).append("\" y=\"")
                    .append(num(TOP - 4)).append("\" dx=\"2\">").append(l.getValue()).append("</text>");
        }
        for (ClusterLane.Step s : lane.steps()) {
            double x = axis.x(s.at());
            svg.append("<g class=\"step-mark\" data-step=\"").append(s.index()).append("\"><line x1=\"")
                    .append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(num(TOP))
                    .append("\" y2=\"").append(num(BOTTOM)).append("\"/><title>").append(esc("step " + s.index() + ": " + s.type()))
                    .append("</title></g>");
        }
        stepLine(svg, "weight", lane.weights(), ClusterLane.Weight::weight, 100, axis);
        for (ClusterLane.Abort a : lane.aborts()) {
            double x = axis.x(a.at());
            svg.append("<g class=\"abort-marker\" data-step=\"").append(a.step()).append("\" data-reason=\"")
                    .append(esc(a.message())).append("\"><line x1=\"").append(num(x)).append("\" x2=\"")
                    .append(num(x)).append("\" y1=\"").append(num(TOP - 6)).append("\" y2=\"")
                    .append(num(BOTTOM)).append("\"/><text x=\"").append(num(x - 4)).append("\" y=\"")
                    .append(num(TOP + 12)).append("\" text-anchor=\"end\">abort at step ")
                    .append(a.step()).append("</text><title>").append(esc(a.message()))
                    .append("</title></g>");
        }
        for (Instant at : lane.promotions()) {
            double x = axis.x(at);
            svg.append("<g class=\"promoted-marker\"><line x1=\"").append(num(x)).append("\" x2=\"")
                    .append(num(x)).append("\" y1=\"").append(num(TOP)).append("\" y2=\"")
                    .append(num(BOTTOM)).append("\"/><text x=\"").append(num(x - 4)).append("\" y=\"")
                    .append(num(TOP + 12)).append("\" text-anchor=\"end\">promoted</text></g>");
        }
        return svg.append("</svg>").toString();
    }

    /** Canary and stable replicas over time as two step lines. */
    public static String replicas(ClusterLane lane, TimeAxis axis) {
        int max = 1;
        for (ClusterLane.Weight w : lane.weights()) {
            max = Math.max(max, Math.max(w.canary(), w.stable()));
        }
        StringBuilder svg = open("replicas", "Replicas: canary and stable");
        axis.ticks(svg, TOP, BOTTOM);
        yLabels(svg, 0, max, "");
        stepLine(svg, "stable", lane.weights(), ClusterLane.Weight::stable, max, axis);
        stepLine(svg, "canary", lane.weights(), ClusterLane.Weight::canary, max, axis);
        svg.append("<text class=\"legend stable\" x=\"").append(num(axis.right() - 130))
                .append("\" y=\"12\">\u2014 stable</text><text class=\"legend canary\" x=\"")
                .append(num(axis.right() - 60)).append("\" y=\"12\">\u2014 canary</text>");
        return svg.append("</svg>").toString();
    }

    /** A metric's measurements as points coloured by phase, against the thresholds found. */
    public static String metric(String name, List<ClusterLane.Point> points,
            List<Threshold> thresholds, TimeAxis axis) {
        List<Double> values = new ArrayList<>();
        points.forEach(p -> p.numeric().ifPresent(values::add));
        thresholds.forEach(t -> values.add(t.value()));
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double pad = hi > lo ? (hi - lo) * 0.12 : Math.max(Math.abs(hi) * 0.1, 1);
        // Rates and counts read best from zero, unless they sit in a narrow band far above it.
        boolean fromZero = lo >= 0 && lo <= hi / 2;
        lo = fromZero ? 0 : lo - pad;
        hi += pad;
        StringBuilder svg = open("metric", "Metric " + name);
        svg.insert(svg.indexOf(">"), " data-metric=\"" + esc(name) + "\"");
        axis.ticks(svg, TOP, BOTTOM);
        yLabels(svg, lo, hi, "");
        for (Threshold t : thresholds) {
            double y = y(t.value(), lo, hi);
            svg.append("<g class=\"threshold ").append(t.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\" data-kind=\"").append(t.kind()).append("\" data-value=\"")
                    .append(esc(Html.value(t.value()))).append("\"><line x1=\"").append(num(TimeAxis.LEFT))
                    .append("\" x2=\"").append(num(axis.right())).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\"/><text x=\"").append(num(axis.right() - 4))
                    .append("\" y=\"").append(num(y - 3)).append("\" text-anchor=\"end\">")
                    .append(esc(t.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + t.condition()))
                    .append("</text></g>");
        }
        for (ClusterLane.Point p : points) {
            double x = axis.x(p.at());
            String attrs = "class=\"m-point phase-" + p.phase() + (p.numeric().isEmpty() ? " m-novalue" : "")
                    + "\" data-metric=\"" + esc(p.metric()) + "\" data-phase=\"" + p.phase()
                    + "\" data-value=\"" + esc(p.value()) + "\" data-step=\"" + p.step() + "\"";
            String title = "<title>" + esc(p.metric() + " = " + (p.value().isEmpty() ? "(no value)" : p.value())
                    + " \u2192 " + p.phase() + (p.message().isEmpty() ? "" : ": " + p.message())
                    + " [" + p.run() + ", step " + p.step() + ", " + Html.elapsed(axis.since(p.at())) + "]")
                    + "</title>";
            if (p.numeric().isPresent()) {
                svg.append("<circle ").append(attrs).append(" cx=\"").append(num(x)).append("\" cy=\"")
                        .append(num(y(p.numeric().getAsDouble(), lo, hi))).append("\" r=\"4.5\">")
                        .append(title).append("</circle>");
            } else {
                svg.append("<rect ").append(attrs).append(" x=\"").append(num(x - 4)).append("\" y=\"")
                        .append(num(BOTTOM - 8)).append("\" width=\"8\" height=\"8\">").append(title)
                        .append("</rect>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String kind, String title) {
        return new StringBuilder("<svg class=\"chart ").append(kind).append("\" viewBox=\"0 0 ")
                .append(num(TimeAxis.TOTAL)).append(' ').append(num(HEIGHT))
                .append("\" role=\"img\" aria-label=\"").append(esc(title))
                .append("\"><text class=\"chart-title\" x=\"4\" y=\"12\">")
                .append(esc(title)).append("</text><rect class=\"frame\" x=\"").append(num(TimeAxis.LEFT))
                .append("\" y=\"").append(num(TOP)).append("\" width=\"").append(num(TimeAxis.WIDTH))
                .append("\" height=\"").append(num(PLOT)).append("\"/>");
    }

    private static void yLabels(StringBuilder svg, double lo, double hi, String unit) {
        for (double v : new double[] {lo, (lo + hi) / 2, hi}) {
            double y = y(v, lo, hi);
            svg.append("<text class=\"tick\" x=\"").append(num(TimeAxis.LEFT - 6)).append("\" y=\"")
                    .append(num(y + 4)).append("\" text-anchor=\"end\">").append(esc(Html.value(v) + unit))
                    .append("</text>");
        }
    }

    private static double y(double value, double lo, double hi) {
        return BOTTOM - PLOT * (value - lo) / (hi - lo);
    }

    private static void stepLine(StringBuilder svg, String kind, List<ClusterLane.Weight> weights,
            ToIntFunction<ClusterLane.Weight> value, double max, TimeAxis axis) {
        StringBuilder d = new StringBuilder("M").append(num(TimeAxis.LEFT)).append(' ')
                .append(num(y(0, 0, max)));
        for (ClusterLane.Weight w : weights) {
            d.append(" H").append(num(axis.x(w.at()))).append(" V")
                    .append(num(y(value.applyAsInt(w), 0, max)));
        }
        d.append(" H").append(num(axis.right()));
        svg.append("<path class=\"line ").append(kind).append("\" d=\"").append(d).append("\"/>");
    }
}
