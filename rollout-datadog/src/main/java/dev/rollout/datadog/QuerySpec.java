package dev.rollout.datadog;

import dev.rollout.api.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed {@code datadog:} provider block (Argo's fields).
 *
 * @param apiVersion {@code v1} or {@code v2}
 * @param interval the block's {@code interval}, if given
 * @param query the single query, or null when {@code queries} is used
 * @param queries named queries (v2), sorted by name; empty with {@code query}
 * @param formula the formula over {@code queries} (v2), or null with {@code query}
 * @param aggregator the v2 aggregator ({@code last} unless given); null for v1
 * @param allPoints v1 {@code points: all}: every point of every series (a series for the
 *     statistical judge) instead of one point per series
 */
record QuerySpec(String apiVersion, Optional<Duration> interval, String query,
        Map<String, String> queries, String formula, String aggregator, boolean allPoints) {

    /** The aggregators the v2 scalar API accepts. */
    public static final Set<String> AGGREGATORS =
            Set.of("avg", "min", "max", "sum", "last", "percentile", "mean", "l2norm", "area");
    private static final Set<String> FIELDS =
            Set.of("apiVersion", "interval", "query", "queries", "formula", "aggregator", "secretRef",
                    "points");

    public QuerySpec {
        queries = Collections.unmodifiableMap(new TreeMap<>(queries));
    }

    /** True for the v2 scalar API. */
    public boolean isV2() {
        return apiVersion.equals("v2");
    }

    /** A short description for messages: the query, or the formula and its queries. */
    public String describe() {
        if (query != null) {
            return apiVersion + " query '" + query + "'";
        }
        return apiVersion + " formula '" + formula + "' over " + queries;
    }

    /**
     * Every problem of a provider block, each starting with its field; empty when valid. Fields
     * holding {@code {{args.*}}} placeholders are checked when the measurement substitutes them.
     *
     * @param defaultApiVersion the version used when the block has none
     */
    public static List<String> validate(Map<String, Object> block, String defaultApiVersion) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> checkable = new LinkedHashMap<>(block);
        checkable.entrySet().removeIf(e -> e.getValue() instanceof String text && text.contains("{{")
                && (e.getKey().equals("interval") || e.getKey().equals("aggregator")));
        if (checkable.get("apiVersion") instanceof String version && version.contains("{{")) {
            // The version decides which fields are allowed: only what holds for both is checked now.
            List<String> v1 = new ArrayList<>();
            List<String> v2 = new ArrayList<>();
            checkable.remove("apiVersion");
            parse(with(checkable, "v1"), "v1", v1);
            parse(with(checkable, "v2"), "v2", v2);
            v1.retainAll(v2);
            return v1;
        }
        parse(checkable, defaultApiVersion, problems);
        return problems;
    }

    private static Map<String, Object> with(Map<String, Object> block, String version) {
        Map<String, Object> copy = new LinkedHashMap<>(block);
        copy.put("apiVersion", version);
        return copy;
    }

    /**
     * Parses a provider block.
     *
     * @throws IllegalArgumentException listing every problem when the block is invalid
     */
    public static QuerySpec parse(Map<String, Object> block, String defaultApiVersion) {
        List<String> problems = new ArrayList<>();
        QuerySpec spec = parse(block, defaultApiVersion, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return spec;
    }

    private static QuerySpec parse(Map<String, Object> block, String defaultApiVersion, List<String> problems) {
        for (String field : new TreeMap<>(block).keySet()) {
            if (!FIELDS.contains(field)) {
                problems.add(field + ": unknown field (allowed: apiVersion, interval, query, queries, "
                        + "formula, aggregator, points)");
            }
        }
        String query = text(block, "query", problems);
        Map<String, String> queries = queries(block.get("queries"), problems);
        String formula = text(block, "formula", problems);
        String aggregator = text(block, "aggregator", problems);
        String explicitVersion = text(block, "apiVersion", problems);
        // A block with named queries can only mean v2; Argo would fail it, we read it as meant.
        String version = explicitVersion != null ? explicitVersion
                : block.containsKey("queries") ? "v2" : defaultApiVersion;
        if (!version.equals("v1") && !version.equals("v2")) {
            problems.add("apiVersion: must be v1 or v2, was '" + version + "'");
        }
        Optional<Duration> interval = interval(block.get("interval"), problems);
        String points = text(block, "points", problems);
        if (points != null && !points.equals("all") && !points.equals("last")) {
            problems.add("points: must be all (every point, a series for the judge) or last, was '" + points + "'");
        }
        boolean allPoints = "all".equals(points);
        if (allPoints && version.equals("v2")) {
            problems.add("points: all applies to apiVersion v1 only (v2 scalar queries answer one value per group)");
        }

        if (!block.containsKey("query") && !block.containsKey("queries")) {
            problems.add("query: is required (or queries with a formula, apiVersion v2)");
        }
        if (query != null && block.containsKey("queries")) {
            problems.add("query: cannot be used together with queries; use one of them");
        }
        if (version.equals("v1")) {
            if (block.containsKey("queries")) {
                problems.add("queries: requires apiVersion v2");
            }
            if (formula != null) {
                problems.add("formula: requires apiVersion v2");
            }
            if (aggregator != null) {
                problems.add("aggregator: applies to apiVersion v2 only");
            }
        } else {
            if (query != null && formula != null) {
                problems.add("formula: requires queries (name each query the formula uses)");
            }
            if (queries.size() > 1 && formula == null) {
                problems.add("formula: is required with several queries");
            }
            if (aggregator != null && !AGGREGATORS.contains(aggregator)) {
                problems.add("aggregator: must be one of " + AGGREGATORS.stream().sorted().toList()
                        + ", was '" + aggregator + "'");
            }
        }
        if (queries.size() == 1 && formula == null) {
            formula = queries.keySet().iterator().next();
        }
        String effectiveAggregator = version.equals("v2") ? (aggregator == null ? "last" : aggregator) : null;
        return new QuerySpec(version, interval, query, queries, formula, effectiveAggregator, allPoints);
    }

    private static String text(Map<String, Object> block, String field, List<String> problems) {
        Object value = block.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(field + ": must be a non-empty string");
            return null;
        }
        return text.trim();
    }

    private static Map<String, String> queries(Object value, List<String> problems) {
        Map<String, String> queries = new TreeMap<>();
        if (value == null) {
            return queries;
        }
        if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
            problems.add("queries: must be a non-empty map of name to query, for example {a: \"...\", b: \"...\"}");
            return queries;
        }
        map.forEach((name, query) -> {
            if (!(name instanceof String key) || !key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                problems.add("queries." + name + ": the name must be a letter followed by letters, digits or _");
            } else if (!(query instanceof String text) || text.isBlank()) {
                problems.add("queries." + key + ": must be a non-empty string");
            } else {
                queries.put(key, text.trim());
            }
        });
        return queries;
    }

    private static Optional<Duration> interval(Object value, List<String> problems) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            Duration interval = Durations.parseGo(String.valueOf(value));
            if (interval.isZero() || interval.isNegative()) {
                problems.add("interval: must be positive, was '" + value + "'");
                return Optional.empty();
            }
            return Optional.of(interval);
        } catch (IllegalArgumentException e) {
            problems.add("interval: " + e.getMessage());
            return Optional.empty();
        }
    }
}
