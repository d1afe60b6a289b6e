package dev.rollout.core.report;

import static dev.rollout.core.report.Html.esc;

import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.report.Threshold;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Writes the whole HTML document: one section per deploy, then one per cluster lane. */
final class ReportPage {
    private ReportPage() {
    }

    /** The page for {@code model}; {@code thresholds} by metric name. */
    public static String render(String title, ReportModel model, Map<String, List<Threshold>> thresholds) {
        TimeAxis axis = new TimeAxis(model.start(), model.end());
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(esc(PageAssets.CSP))
                .append("\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(PageAssets.CSS)
                .append("</style></head>\n<body>\n<header><h1>").append(esc(title))
                .append("</h1><p class=\"meta\">").append(esc(model.start() + " to " + model.end() + " ("
                        + Html.elapsed(axis.since(model.end())) + "); times on the charts are since the start"))
                .append("</p></header>\n");
        for (DeployLane deploy : model.deploys().values()) {
            deploy(html, deploy, axis);
        }
        for (ClusterLane lane : model.clusters().values()) {
            lane(html, lane, axis, thresholds);
        }
        if (model.clusters().isEmpty() && model.deploys().isEmpty()) {
            html.append("<p class=\"empty\">Nothing was recorded.</p>\n");
        }
        return html.append("<div id=\"tip\" hidden></div>\n<script>").append(PageAssets.JS)
                .append("</script>\n</body></html>\n").toString();
    }

    private static void deploy(StringBuilder html, DeployLane deploy, TimeAxis axis) {
        DeployEvent first = deploy.events().get(0);
        DeployEvent finished = deploy.events().stream()
                .filter(e -> e.type() == DeployEvent.Type.Finished || e.type() == DeployEvent.Type.Refused
                        || e.type() == DeployEvent.Type.Superseded)
                .reduce((a, b) -> b).orElse(null);
        html.append("<section class=\"deploy\" data-request=\"").append(esc(deploy.requestId()))
                .append("\"><h2>").append(esc("Deploy " + nz(first.service()) + " " + nz(first.revision())
                        + " to " + nz(first.environment()))).append("</h2><p class=\"summary\">")
                .append(esc("request " + deploy.requestId() + ", " + (deploy.lastWave() + 1) + " wave(s)"))
                .append(finished == null ? ", still running" : ": <span class=\"" + (finished.message()
                        .startsWith("Deployed") ? "outcome-ok" : "outcome-bad") + "\">" + esc(finished.message())
                        + "</span>").append("</p>\n").append(DeployChart.render(deploy, axis)).append('\n');
        html.append("<details><summary>Deploy events (").append(deploy.events().size())
                .append(")</summary><table><tr><th>time</th><th>wave</th><th>cluster</th><th>event</th>")
                .append("<th>message</th></tr>");
        for (DeployEvent e : deploy.events()) {
            html.append("<tr class=\"deploy-event\" data-type=\"").append(e.type()).append("\"><td class=\"t\">")
                    .append(Html.elapsed(axis.since(e.at()))).append("</td><td>")
                    .append(e.wave() < 0 ? "" : String.valueOf(e.wave() + 1)).append("</td><td>")
                    .append(esc(nz(e.cluster()))).append("</td><td>").append(e.type()).append("</td><td class=\"msg\">")
                    .append(esc(e.message())).append("</td></tr>");
        }
        html.append("</table></details></section>\n");
    }

    private static void lane(StringBuilder html, ClusterLane lane, TimeAxis axis,
            Map<String, List<Threshold>> thresholds) {
        String outcome = outcome(lane);
        html.append("<section class=\"lane\" data-lane=\"").append(esc(lane.label())).append("\"><h2>")
                .append(esc(lane.label())).append("</h2><p class=\"summary\">")
                .append(esc("revision " + String.join(", ", lane.revisions()) + ", " + lane.steps().size()
                        + " step(s) started, " + lane.points().values().stream().mapToInt(List::size).sum()
                        + " measurement(s): ")).append("<span class=\"")
                .append(outcome.startsWith("aborted") ? "outcome-bad" : "outcome-ok").append("\">")
                .append(esc(outcome)).append("</span></p>\n");
        for (ClusterLane.Abort a : lane.aborts()) {
            html.append("<p class=\"abort-reason\" data-step=\"").append(a.step()).append("\"><strong>")
                    .append(esc("Aborted at step " + a.step() + " (" + Html.elapsed(axis.since(a.at()))
                            + "):")).append("</strong> ").append(esc(a.message())).append("</p>\n");
        }
        html.append(LaneCharts.traffic(lane, axis)).append('\n').append(LaneCharts.replicas(lane, axis))
                .append('\n');
        for (Map.Entry<String, List<ClusterLane.Point>> m : lane.points().entrySet()) {
            html.append(LaneCharts.metric(m.getKey(), m.getValue(),
                    thresholds.getOrDefault(m.getKey(), List.of()), axis)).append('\n');
        }
        if (!lane.verdicts().isEmpty()) {
            html.append("<h3>Analysis verdicts</h3><table><tr><th>time</th><th>step</th><th>run</th>")
                    .append("<th>metric</th><th>verdict</th><th>why</th></tr>");
            for (ClusterLane.Verdict v : lane.verdicts()) {
                html.append("<tr class=\"verdict phase-").append(v.phase()).append("\" data-phase=\"")
                        .append(v.phase()).append("\"><td class=\"t\">").append(Html.elapsed(axis.since(v.at())))
                        .append("</td><td>").append(v.step()).append("</td><td>").append(esc(v.run()))
                        .append("</td><td>").append(esc(v.metric().isEmpty() ? "(run)" : v.metric()))
                        .append("</td><td>").append(v.phase()).append("</td><td class=\"msg\">")
                        .append(esc(v.message())).append("</td></tr>");
            }
            html.append("</table>\n");
        }
        html.append("<details><summary>All events (").append(lane.events().size())
                .append(")</summary><table><tr><th>time</th><th>event</th><th>message</th></tr>");
        for (RolloutEvent e : lane.events()) {
            html.append("<tr class=\"event\" data-type=\"").append(e.getClass().getSimpleName())
                    .append("\"><td class=\"t\">").append(Html.elapsed(axis.since(e.at()))).append("</td><td>")
                    .append(e.getClass().getSimpleName()).append("</td><td class=\"msg\">")
                    .append(esc(detail(e))).append("</td></tr>");
        }
        html.append("</table></details></section>\n");
    }

    private static String outcome(ClusterLane lane) {
        Instant abort = lane.aborts().isEmpty() ? null : lane.aborts().get(lane.aborts().size() - 1).at();
        Instant promoted = lane.promotions().isEmpty() ? null : lane.promotions().get(lane.promotions().size() - 1);
        if (abort != null && (promoted == null || abort.isAfter(promoted))) {
            return "aborted at step " + lane.aborts().get(lane.aborts().size() - 1).step();
        }
        if (promoted != null) {
            return "promoted";
        }
        List<ClusterLane.Pause> pauses = lane.pauses();
        if (!pauses.isEmpty() && pauses.get(pauses.size() - 1).to() == null) {
            return "paused (" + pauses.get(pauses.size() - 1).reason() + ")";
        }
        return "in progress";
    }

    private static String detail(RolloutEvent e) {
        if (e instanceof RolloutEvent.WeightChanged w) {
            return "weight " + w.canaryWeight() + "%, canary " + w.canaryReplicas() + ", stable "
                    + w.stableReplicas() + (w.message().isEmpty() ? "" : ": " + w.message());
        }
        return e.message();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
