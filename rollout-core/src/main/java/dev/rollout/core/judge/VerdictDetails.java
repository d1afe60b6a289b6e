package dev.rollout.core.judge;

import dev.rollout.core.judge.CanaryScore;
import dev.rollout.core.judge.MannWhitneyResult;
import dev.rollout.core.judge.MetricVerdict;
import dev.rollout.core.judge.SampleReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A canary score as plain JSON values (non-finite numbers as null), for a measurement's details. */
final class VerdictDetails {
    private VerdictDetails() {
    }

    /** The score, its outcome and every metric's statistics. */
    public static Map<String, Object> of(CanaryScore score) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("score", score.score());
        json.put("outcome", score.outcome().name());
        json.put("reason", score.reason());
        json.put("groupScores", new LinkedHashMap<>(score.groupScores()));
        List<Object> metrics = new ArrayList<>();
        for (MetricVerdict v : score.metrics()) {
            metrics.add(of(v));
        }
        json.put("metrics", metrics);
        return json;
    }

    /** One metric's verdict. */
    public static Map<String, Object> of(MetricVerdict v) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("metric", v.metric());
        json.put("classification", v.classification().label());
        json.put("criticalFailure", v.criticalFailure());
        json.put("muted", v.settings().muted());
        json.put("group", v.settings().group());
        json.put("message", v.message());
        MannWhitneyResult t = v.test().orElse(null);
        json.put("u", t == null ? null : finite(t.u()));
        json.put("pValue", t == null ? null : finite(t.pValue()));
        json.put("exact", t != null && t.exact());
        json.put("shift", t == null ? null : finite(t.shift()));
        json.put("lower", t == null ? null : finite(t.lower()));
        json.put("upper", t == null ? null : finite(t.upper()));
        json.put("confidence", v.settings().confidence());
        json.put("tolerance", v.settings().tolerance());
        json.put("direction", v.settings().direction().yamlName());
        json.put("meanRatio", finite(v.meanRatio()));
        json.put("cles", finite(v.cles()));
        json.put("effectSizeMeasure", v.settings().effectSize().yamlName());
        json.put("effectSize", finite(v.effectSize()));
        json.put("baseline", of(v.baseline()));
        json.put("canary", of(v.canary()));
        return json;
    }

    private static Map<String, Object> of(SampleReport r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("received", r.received());
        json.put("kept", r.kept());
        json.put("nanRemoved", r.nonFiniteRemoved());
        json.put("nanReplaced", r.nonFiniteReplaced());
        json.put("outliersRemoved", r.outliersRemoved());
        json.put("lowerFence", finite(r.lowerFence()));
        json.put("upperFence", finite(r.upperFence()));
        json.put("mean", finite(r.mean()));
        return json;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
