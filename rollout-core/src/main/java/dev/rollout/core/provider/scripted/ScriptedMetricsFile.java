package dev.rollout.core.provider.scripted;

import dev.rollout.api.analysis.MetricValue;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlDocument;
import dev.rollout.core.yaml.YamlFiles;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a scripted metrics file:
 *
 * <pre>{@code
 * metrics:
 *   error-rate:
 *     values: [0.99, [0.97, 0.98], null, {error: "timeout"}, .nan, true, "ok"]
 * }</pre>
 *
 * One value per measurement, in order, the last repeating: a number or string is a scalar, a list
 * a vector, {@code null} no data, {@code {error: msg}} a provider error, {@code {hang: true}} a
 * provider that never answers (the measurement times out), a boolean a job-like outcome. Every
 * problem names the file, line and field.
 */
final class ScriptedMetricsFile {
    private ScriptedMetricsFile() {
    }

    static ScriptedMetrics load(Path file) {
        Problems problems = new Problems();
        List<YamlDocument> documents = YamlFiles.read(file, problems);
        return parse(documents, file.toString(), problems);
    }

    static ScriptedMetrics parse(String displayName, String content) {
        Problems problems = new Problems();
        return parse(YamlFiles.read(displayName, content, problems), displayName, problems);
    }

    private static ScriptedMetrics parse(List<YamlDocument> documents, String file, Problems problems) {
        return parse(documents, file, problems, false).shared();
    }

    /** Reads a {@code rollout deploy --metrics} file: {@code metrics} plus {@code clusters.<name>.metrics}. */
    static PerClusterMetrics loadPerCluster(Path file) {
        Problems problems = new Problems();
        List<YamlDocument> documents = YamlFiles.read(file, problems);
        return parse(documents, file.toString(), problems, true);
    }

    static PerClusterMetrics parsePerCluster(String displayName, String content) {
        Problems problems = new Problems();
        return parse(YamlFiles.read(displayName, content, problems), displayName, problems, true);
    }

    private static PerClusterMetrics parse(List<YamlDocument> documents, String file,
            Problems problems, boolean perCluster) {
        Map<String, List<ScriptedValue>> scripts = new LinkedHashMap<>();
        Map<String, Map<String, List<ScriptedValue>>> clusters = new LinkedHashMap<>();
        SpecReader reader = new SpecReader(problems);
        if (documents.size() > 1) {
            problems.add(file, documents.get(1).line(), Problems.DOCUMENT,
                    "a metrics file holds one document");
        }
        if (documents.isEmpty() && problems.isEmpty()) {
            problems.add(file, 0, "metrics", "is required: the file is empty");
        }
        for (YamlDocument document : documents.subList(0, Math.min(1, documents.size()))) {
            YamlObject root = perCluster ? reader.object(document.root(), "metrics", "clusters")
                    : reader.object(document.root(), "metrics");
            scripts.putAll(metrics(root, reader, problems, true));
            if (perCluster && root.get("clusters").isPresent()) {
                if (root.get("clusters").get() instanceof YamlNode.MapNode map) {
                    map.fields().forEach((cluster, node) -> clusters.put(cluster,
                            metrics(reader.object(node, "metrics"), reader, problems, true)));
                } else {
                    problems.add(root.get("clusters").get(), "must be a mapping of cluster name to"
                            + " {metrics: ...}, was " + root.get("clusters").get().describe());
                }
            }
        }
        problems.throwIfAny();
        Map<String, ScriptedMetrics> byCluster = new LinkedHashMap<>();
        clusters.forEach((cluster, own) -> {
            Map<String, List<ScriptedValue>> merged = new LinkedHashMap<>(scripts);
            merged.putAll(own);
            byCluster.put(cluster, ScriptedMetrics.of(merged));
        });
        return new PerClusterMetrics(ScriptedMetrics.of(scripts), byCluster);
    }

    private static Map<String, List<ScriptedValue>> metrics(YamlObject root, SpecReader reader,
            Problems problems, boolean required) {
        Map<String, List<ScriptedValue>> scripts = new LinkedHashMap<>();
        Map<String, YamlNode> entries = Map.of();
        if (root.get("metrics").isEmpty()) {
            if (required) {
                root.missing("metrics");
            }
        } else if (root.get("metrics").get() instanceof YamlNode.MapNode map) {
            entries = map.fields();
            if (entries.isEmpty()) {
                problems.add(map, "must script at least one metric");
            }
        } else {
            problems.add(root.get("metrics").get(), "must be a mapping of metric name to "
                    + "{values: [...]}, was " + root.get("metrics").get().describe());
        }
        entries.forEach((name, node) -> {
            YamlObject m = reader.object(node, "values");
            if (m.isPresent() && !m.has("values")) {
                m.missing("values");
                return;
            }
            List<YamlNode> items = m.list("values");
            if (m.isPresent() && items.isEmpty() && m.get("values").get() instanceof YamlNode.ListNode) {
                problems.addField(node, "values", "must hold at least one value");
                return;
            }
            List<ScriptedValue> values = new ArrayList<>();
            for (YamlNode item : items) {
                ScriptedValue v = value(item, reader);
                if (v != null) {
                    values.add(v);
                }
            }
            if (!values.isEmpty()) {
                scripts.put(name, values);
            }
        });
        return scripts;
    }

    private static ScriptedValue value(YamlNode item, SpecReader reader) {
        if (item instanceof YamlNode.Scalar s) {
            return s.isNull() ? ScriptedValue.noData() : ScriptedValue.scalar(scalar(s));
        }
        if (item instanceof YamlNode.ListNode list) {
            List<Object> values = new ArrayList<>();
            for (YamlNode element : list.items()) {
                if (element instanceof YamlNode.Scalar s) {
                    values.add(s.isNull() ? null : scalar(s));
                } else {
                    reader.problems().add(element, "a vector holds numbers, strings, booleans or null, was "
                            + element.describe());
                    return null;
                }
            }
            return new ScriptedValue.Answer(MetricValue.Vector.of(values));
        }
        YamlObject o = reader.object(item, "error", "hang");
        if (o.has("error")) {
            String message = o.requiredString("error");
            return message == null ? null : ScriptedValue.error(message);
        }
        if (o.has("hang")) {
            return o.booleanOr("hang", false) ? new ScriptedValue.Hang() : null;
        }
        o.problem("must be a value, a list, null, {error: <message>} or {hang: true}");
        return null;
    }

    private static Object scalar(YamlNode.Scalar s) {
        Object v = s.toPlain();
        if (v instanceof java.math.BigInteger big) {
            return big.doubleValue();
        }
        return v;
    }
}
