package dev.rollout.core.report;

import static dev.rollout.core.report.Html.esc;
import static dev.rollout.core.report.Html.num;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A deploy as a Gantt chart: one row per hook, cluster (by wave), gate and approval. */
final class DeployChart {
    private static final double TOP = 22;
    private static final double ROW = 30;

    private DeployChart() {
    }

    /** The SVG of {@code lane}'s bars on the shared time axis. */
    public static String render(DeployLane lane, TimeAxis axis) {
        Map<String, List<DeployLane.Bar>> rows = new LinkedHashMap<>();
        for (DeployLane.Bar bar : lane.bars()) {
            String row = bar.kind() == DeployLane.Kind.cluster ? "cluster:" + bar.name()
                    : bar.kind() + ":" + bar.wave();
            rows.computeIfAbsent(row, k -> new ArrayList<>()).add(bar);
        }
        double height = TOP + Math.max(1, rows.size()) * ROW + 24;
        StringBuilder svg = new StringBuilder("<svg class=\"chart deploy\" viewBox=\"0 0 ")
                .append(num(TimeAxis.TOTAL)).append(' ').append(num(height))
                .append("\" role=\"img\" aria-label=\"waves and gates\">")
                .append("<text class=\"chart-title\" x=\"4\" y=\"12\">Waves and gates</text>");
        double bottom = TOP + rows.size() * ROW;
        axis.ticks(svg, TOP, bottom);
        int i = 0;
        for (List<DeployLane.Bar> row : rows.values()) {
            double y = TOP + i++ * ROW;
            DeployLane.Bar first = row.get(0);
            String wave = first.wave() < 0 ? "" : "wave " + (first.wave() + 1);
            svg.append("<text class=\"row-label\" x=\"").append(num(TimeAxis.LEFT - 6)).append("\" y=\"")
                    .append(num(y + 19)).append("\" text-anchor=\"end\">").append(esc(wave)).append("</text>");
            for (DeployLane.Bar bar : row) {
                double x1 = axis.x(bar.from());
                double x2 = bar.to() == null ? axis.right() : axis.x(bar.to());
                String outcome = bar.outcome().isEmpty() ? "open" : bar.outcome();
                svg.append("<g class=\"bar ").append(bar.kind()).append(" outcome-").append(esc(outcome))
                        .append("\" data-kind=\"").append(bar.kind()).append("\" data-wave=\"")
                        .append(bar.wave()).append("\" data-name=\"").append(esc(bar.name()))
                        .append("\" data-outcome=\"").append(esc(outcome)).append("\"><rect x=\"")
                        .append(num(x1)).append("\" y=\"").append(num(y + 13)).append("\" width=\"")
                        .append(num(Math.max(3, x2 - x1))).append("\" height=\"12\" rx=\"2\"/><text x=\"")
                        .append(num(x1 + 2)).append("\" y=\"").append(num(y + 10)).append("\">")
                        .append(esc(label(bar))).append("</text><title>").append(esc(label(bar) + " ("
                                + outcome + "): " + bar.message())).append("</title></g>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String label(DeployLane.Bar bar) {
        return switch (bar.kind()) {
            case cluster -> bar.name();
            case gate -> gateLabel(bar);
            case approval -> "approval";
            case hook -> "pre-deploy hook";
        };
    }

    // GateStarted says what the gate does ("gate after wave 1: soak 10m, approval"); keep that part.
    private static String gateLabel(DeployLane.Bar bar) {
        String m = bar.message();
        int colon = m.indexOf(':');
        int slash = m.indexOf(" / ");
        String what = colon < 0 ? "" : m.substring(colon + 1, slash > colon ? slash : m.length()).trim();
        return "gate" + (what.isEmpty() ? "" : ": " + what);
    }
}
