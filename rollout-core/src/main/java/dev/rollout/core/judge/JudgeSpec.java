package dev.rollout.core.judge;

import dev.rollout.core.judge.Direction;
import dev.rollout.core.judge.EffectSizeMeasure;
import dev.rollout.core.judge.MetricSettings;
import dev.rollout.core.judge.NanStrategy;
import dev.rollout.core.judge.OutlierRemoval;
import dev.rollout.core.judge.ScoreSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A {@code judge:} provider block, read from its plain values: one judged series pair (fields
 * {@code baseline}, {@code canary} and the settings at the top) or several ({@code metrics:} a
 * list of those, each with a {@code name}), with the score thresholds. Reading collects every
 * problem, each starting with its field path relative to the block. A text holding an
 * {@code {{args.*}}} placeholder is accepted as it is at load time and read after substitution.
 */
final class JudgeSpec {
    /** The fields of one judged pair. */
    static final Set<String> PAIR_FIELDS = Set.of("name", "baseline", "canary", "direction", "tolerance",
            "confidence", "effectSize", "critical", "mustHaveData", "muted", "nanStrategy", "outliers",
            "group", "unit");
    private static final Set<String> SCORE_FIELDS = Set.of("pass", "marginal", "groupWeights");
    private static final Set<String> EFFECT_FIELDS = Set.of("measure", "allowedIncrease",
            "allowedDecrease", "criticalIncrease", "criticalDecrease");

    /** One baseline-versus-canary pair: the provider block of each side and how it is judged. */
    public record Pair(String name, String baselineType, Map<String, Object> baseline,
            String canaryType, Map<String, Object> canary, MetricSettings settings) {
    }

    /** What the block asks: the pairs and the scoring; {@code single} when written without {@code metrics}. */
    public record Parsed(List<Pair> pairs, ScoreSettings score, boolean single) {
    }

    private final List<String> problems = new ArrayList<>();
    private final Predicate<String> knownProvider;

    private JudgeSpec(Predicate<String> knownProvider) {
        this.knownProvider = knownProvider;
    }

    /**
     * Reads {@code block} of the metric {@code metricName}; {@code problems} receives every
     * problem; the answer is null when there was any.
     */
    public static Parsed parse(Map<String, Object> block, String metricName, Predicate<String> knownProvider,
            List<String> problems) {
        JudgeSpec reader = new JudgeSpec(knownProvider);
        Parsed parsed = reader.read(block, metricName);
        problems.addAll(reader.problems);
        return reader.problems.isEmpty() ? parsed : null;
    }

    /** Reads {@code block} like {@link #parse}, but answers what it read even when there were problems. */
    public static Parsed parseLenient(Map<String, Object> block, String metricName, Predicate<String> knownProvider,
            List<String> problems) {
        JudgeSpec reader = new JudgeSpec(knownProvider);
        Parsed parsed = reader.read(block, metricName);
        problems.addAll(reader.problems);
        return parsed;
    }

    private Parsed read(Map<String, Object> block, String metricName) {
        List<Pair> pairs = new ArrayList<>();
        boolean single = !block.containsKey("metrics");
        if (single) {
            unknown(block, "", PAIR_FIELDS, SCORE_FIELDS, Set.of("metrics"));
            if (block.containsKey("name")) {
                problems.add("name: only metrics[] entries have a name; the metric's own name is used");
            }
            pairs.add(pair(block, "", metricName));
        } else {
            for (String field : block.keySet()) {
                if (!field.equals("metrics") && !SCORE_FIELDS.contains(field)) {
                    problems.add(field + ": with metrics, set it on each entry (allowed here: metrics, pass, "
                            + "marginal, groupWeights)");
                }
            }
            if (!(block.get("metrics") instanceof List<?> list) || list.isEmpty()) {
                problems.add("metrics: must be a non-empty list of {name, baseline, canary, ...}");
            } else {
                Set<String> names = new java.util.HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String at = "metrics[" + i + "].";
                    if (!(list.get(i) instanceof Map<?, ?> entry)) {
                        problems.add(at.substring(0, at.length() - 1) + ": must be a mapping");
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> e = (Map<String, Object>) entry;
                    unknown(e, at, PAIR_FIELDS);
                    String name = text(e, at, "name", null);
                    if (name == null) {
                        problems.add(at + "name: is required");
                    } else if (!names.add(name)) {
                        problems.add(at + "name: duplicate \"" + name + "\"");
                    }
                    pairs.add(pair(e, at, name == null ? "<unnamed>" : name));
                }
            }
        }
        double pass = number(block, "", "pass", 95);
        double marginal = number(block, "", "marginal", 75);
        Map<String, Double> weights = new LinkedHashMap<>();
        if (block.get("groupWeights") instanceof Map<?, ?> w) {
            w.forEach((group, weight) -> weights.put(String.valueOf(group),
                    toNumber(weight, "groupWeights." + group)));
        } else if (block.containsKey("groupWeights")) {
            problems.add("groupWeights: must be a mapping of group to weight (percent)");
        }
        ScoreSettings score = null;
        try {
            score = new ScoreSettings(pass, marginal, weights);
        } catch (IllegalArgumentException e) {
            problems.add("pass: " + e.getMessage());
        }
        return new Parsed(pairs, score, single);
    }

    private Pair pair(Map<String, Object> e, String at, String name) {
        Side baseline = side(e, at, "baseline");
        Side canary = side(e, at, "canary");
        MetricSettings.Builder settings = MetricSettings.builder();
        String direction = text(e, at, "direction", null);
        if (direction != null && !isPlaceholder(direction)) {
            Direction.fromYaml(direction).ifPresentOrElse(settings::direction, () -> problems.add(at
                    + "direction: must be increase, decrease or either, was \"" + direction + "\""));
        }
        settings.tolerance(number(e, at, "tolerance", MetricSettings.DEFAULT_TOLERANCE));
        settings.confidence(number(e, at, "confidence", MetricSettings.DEFAULT_CONFIDENCE));
        settings.critical(bool(e, at, "critical"));
        settings.mustHaveData(bool(e, at, "mustHaveData"));
        settings.muted(bool(e, at, "muted"));
        String group = text(e, at, "group", null);
        if (group != null) {
            settings.group(group);
        }
        settings.unit(text(e, at, "unit", ""));
        effectSize(e, at, settings);
        nanStrategy(e, at, settings);
        outliers(e, at, settings);
        MetricSettings built = null;
        try {
            built = settings.build();
        } catch (IllegalArgumentException ex) {
            problems.add(at + ex.getMessage().replaceFirst(" must", ": must"));
        }
        return new Pair(name, baseline.type, baseline.block, canary.type, canary.block, built);
    }

    private record Side(String type, Map<String, Object> block) {
    }

    @SuppressWarnings("unchecked")
    private Side side(Map<String, Object> e, String at, String field) {
        Object value = e.get(field);
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at + field + ": " + (value == null ? "is required" : "must be a mapping")
                    + ": one provider block, for example {datadog: {query: ...}} or {web: {url: ...}}");
            return new Side(null, Map.of());
        }
        if (map.size() != 1) {
            problems.add(at + field + ": must set exactly one provider, found "
                    + (map.isEmpty() ? "none" : String.join(" and ", new java.util.TreeSet<>((java.util.Set<String>) map.keySet()))));
            return new Side(null, Map.of());
        }
        String type = String.valueOf(map.keySet().iterator().next());
        Object inner = map.get(type);
        if (type.equals("judge")) {
            problems.add(at + field + ".judge: a judge cannot judge another judge");
        } else if (!knownProvider.test(type)) {
            problems.add(at + field + "." + type + ": unknown provider");
        }
        if (inner != null && !(inner instanceof Map)) {
            problems.add(at + field + "." + type + ": must be a mapping");
            return new Side(type, Map.of());
        }
        return new Side(type, inner == null ? Map.of() : (Map<String, Object>) inner);
    }

    private void effectSize(Map<String, Object> e, String at, MetricSettings.Builder settings) {
        Object value = e.get("effectSize");
        if (value == null) {
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at + "effectSize: must be a mapping {measure, allowedIncrease, allowedDecrease, "
                    + "criticalIncrease, criticalDecrease}");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) map;
        String where = at + "effectSize.";
        unknown(m, where, EFFECT_FIELDS);
        String measure = text(m, where, "measure", null);
        if (measure != null && !isPlaceholder(measure)) {
            EffectSizeMeasure.fromYaml(measure).ifPresentOrElse(settings::effectSize, () -> problems.add(
                    where + "measure: must be meanRatio or cles, was \"" + measure + "\""));
        }
        if (m.containsKey("allowedIncrease")) {
            settings.allowedIncrease(number(m, where, "allowedIncrease", 0));
        }
        if (m.containsKey("allowedDecrease")) {
            settings.allowedDecrease(number(m, where, "allowedDecrease", 0));
        }
        if (m.containsKey("criticalIncrease")) {
            settings.criticalIncrease(number(m, where, "criticalIncrease", 0));
        }
        if (m.containsKey("criticalDecrease")) {
            settings.criticalDecrease(number(m, where, "criticalDecrease", 0));
        }
    }

    private void nanStrategy(Map<String, Object> e, String at, MetricSettings.Builder settings) {
        Object value = e.get("nanStrategy");
        if (value == null || "remove".equals(value) || isPlaceholder(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.containsKey("replace")) {
            double with = toNumber(map.get("replace"), at + "nanStrategy.replace");
            if (Double.isFinite(with)) {
                settings.nanStrategy(NanStrategy.replace(with));
            }
            return;
        }
        problems.add(at + "nanStrategy: must be remove or {replace: <number>}, was " + value);
    }

    private void outliers(Map<String, Object> e, String at, MetricSettings.Builder settings) {
        Object value = e.get("outliers");
        if (value == null || "keep".equals(value)) {
            return;
        }
        if ("remove".equals(value)) {
            settings.outliers(OutlierRemoval.kayenta());
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(at + "outliers: must be keep, remove (Kayenta's: factor 3, widened to the "
                    + "1st/99th percentiles) or {factor: <number>, widenToPercentiles: <bool>}");
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) map;
        unknown(m, at + "outliers.", Set.of("factor", "widenToPercentiles"));
        double factor = number(m, at + "outliers.", "factor", 3.0);
        boolean widen = bool(m, at + "outliers.", "widenToPercentiles");
        if (factor > 0 && Double.isFinite(factor)) {
            settings.outliers(new OutlierRemoval(factor, widen));
        } else {
            problems.add(at + "outliers.factor: must be a positive number, was " + m.get("factor"));
        }
    }

    @SafeVarargs
    private void unknown(Map<String, Object> m, String at, Set<String>... allowed) {
        for (String field : m.keySet()) {
            boolean known = false;
            for (Set<String> set : allowed) {
                known |= set.contains(field);
            }
            if (!known) {
                List<String> all = new ArrayList<>();
                for (Set<String> set : allowed) {
                    all.addAll(set);
                }
                all.sort(null);
                problems.add(at + field + ": unknown field (allowed: " + String.join(", ", all) + ")");
            }
        }
    }

    private String text(Map<String, Object> m, String at, String field, String fallback) {
        Object v = m.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        problems.add(at + field + ": must be a string, was " + v);
        return fallback;
    }

    private double number(Map<String, Object> m, String at, String field, double fallback) {
        Object v = m.get(field);
        if (v == null || isPlaceholder(v)) {
            return fallback;
        }
        double d = toNumber(v, at + field);
        return Double.isNaN(d) ? fallback : d;
    }

    private double toNumber(Object v, String field) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            if (isPlaceholder(s)) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(field + ": must be a number, was " + v);
        return Double.NaN;
    }

    private boolean bool(Map<String, Object> m, String at, String field) {
        Object v = m.get(field);
        if (v == null || isPlaceholder(v)) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean((String) v);
        }
        problems.add(at + field + ": must be true or false, was " + v);
        return false;
    }

    private static boolean isPlaceholder(Object v) {
        return v instanceof String s && s.contains("{{");
    }
}
