package dev.rollout.core.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The report's fixed stylesheet and script, and a Content-Security-Policy that allows exactly
 * these two by hash: nothing is fetched, and a script that slipped into the page would not run.
 */
final class PageAssets {
    static final String CSS = String.join("\n",
            ":root{--fg:#1d2430;--muted:#5b6575;--grid:#e3e7ee;--ok:#1f9d55;--bad:#d64545;"
                    + "--warn:#d98a00;--err:#8e44ad;--canary:#e67e22;--stable:#2c6fbb;}",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:var(--fg);"
                    + "margin:0 auto;max-width:1000px;padding:16px 20px;background:#fff}",
            "h1{font-size:22px;margin:4px 0}h2{font-size:18px;margin:28px 0 6px;"
                    + "border-bottom:1px solid var(--grid);padding-bottom:4px}h3{font-size:15px;margin:14px 0 4px}",
            ".meta,.summary{color:var(--muted);margin:2px 0 8px}",
            ".abort-reason{background:#fdecec;border-left:4px solid var(--bad);padding:6px 10px;margin:8px 0}",
            ".outcome-ok{color:var(--ok);font-weight:600}.outcome-bad{color:var(--bad);font-weight:600}",
            "svg.chart{width:100%;height:auto;display:block;margin:6px 0 2px}",
            "svg text{font-size:11px;fill:var(--muted)}svg .chart-title{font-size:12px;font-weight:600;fill:var(--fg)}",
            ".frame{fill:none;stroke:#c9d0db}.grid{stroke:var(--grid)}",
            ".line{fill:none;stroke-width:2}.line.weight,.line.canary{stroke:var(--canary)}.line.stable{stroke:var(--stable)}",
            ".legend.canary{fill:var(--canary)}.legend.stable{fill:var(--stable)}",
            ".pause{fill:#f3e9c6;opacity:.7}.step-mark line{stroke:#b7c0cc;stroke-dasharray:2 3}",
            ".abort-marker line{stroke:var(--bad);stroke-width:2.5}.abort-marker text{fill:var(--bad);font-weight:700}",
            ".promoted-marker line{stroke:var(--ok);stroke-width:2}.promoted-marker text{fill:var(--ok);font-weight:700}",
            ".threshold line{stroke-width:1.5;stroke-dasharray:6 4}.threshold.success line{stroke:var(--ok)}",
            ".threshold.failure line{stroke:var(--bad)}",
            ".m-point{stroke:#fff;stroke-width:1}.phase-Successful{fill:var(--ok)}.phase-Failed{fill:var(--bad)}",
            ".phase-Inconclusive{fill:var(--warn)}.phase-Error{fill:var(--err)}.phase-Running,.phase-Pending{fill:#999}",
            ".bar rect{fill:#9fb3c8}.bar.cluster rect{fill:var(--stable)}.bar.gate rect{fill:#7f8c8d}",
            ".bar.approval rect{fill:var(--warn)}.bar.outcome-ClusterFailed rect,.bar.outcome-GateFailed rect,"
                    + ".bar.outcome-HookFailed rect{fill:var(--bad)}.bar.outcome-ClusterSkipped rect{fill:#ccc}",
            ".bar.outcome-Stopped rect{fill:var(--warn)}",
            ".bar.outcome-open rect{opacity:.55}.bar text{fill:var(--fg)}",
            "table{border-collapse:collapse;width:100%;font-size:12.5px;margin:4px 0}",
            "td,th{border-bottom:1px solid var(--grid);padding:3px 6px;text-align:left;vertical-align:top}",
            "td.t{white-space:nowrap;color:var(--muted)}td.msg{word-break:break-word}",
            "details{margin:6px 0}summary{cursor:pointer;color:var(--muted)}",
            "#tip{position:absolute;max-width:420px;background:#1d2430;color:#fff;padding:4px 8px;"
                    + "border-radius:4px;font-size:12px;pointer-events:none;white-space:pre-wrap}");

    // Shows an element's <title> in a tooltip at once; textContent keeps any markup inert.
    static final String JS = String.join("\n",
            "(function () {",
            "  var tip = document.getElementById('tip');",
            "  document.addEventListener('mouseover', function (e) {",
            "    var el = e.target.closest ? e.target.closest('.m-point,.abort-marker,.bar,.pause,.step-mark') : null;",
            "    var t = el ? el.querySelector('title') : null;",
            "    tip.textContent = t ? t.textContent : '';",
            "    tip.hidden = !tip.textContent;",
            "  });",
            "  document.addEventListener('mousemove', function (e) {",
            "    tip.style.left = (e.pageX + 14) + 'px';",
            "    tip.style.top = (e.pageY + 14) + 'px';",
            "  });",
            "})();");

    static final String CSP = "default-src 'none'; style-src " + hash(CSS) + "; script-src " + hash(JS)
            + "; img-src data:; base-uri 'none'; form-action 'none'";

    private PageAssets() {
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
