package dev.rollout.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.datadog.PointSelection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a successful Datadog body into a value: null points are no data, never 0; every series counts. */
final class ResponseReader {

    private ResponseReader() {
    }

    /**
     * Reads a v1 {@code /api/v1/query} body: one value per series, chosen by {@code selection}.
     *
     * @param toMillis the time by which a point's bucket must have ended to be complete
     * @throws ProviderException when the body has no {@code series}
     */
    public static MetricValue readV1(JsonNode root, long toMillis, PointSelection selection) {
        JsonNode series = root.path("series");
        if (!series.isArray()) {
            throw new ProviderException("Datadog answered without a 'series' array");
        }
        if (series.isEmpty()) {
            return new MetricValue.NoData("Datadog returned no series for the window");
        }
        List<Object> values = new ArrayList<>();
        List<Map<String, String>> tags = new ArrayList<>();
        for (JsonNode one : series) {
            values.add(pick(one, toMillis, selection));
            tags.add(tags(one));
        }
        return toValue(values, tags, selection == PointSelection.LAST_COMPLETE
                ? "no complete non-null point in the window" : "only null points in the window");
    }

    /**
     * Reads a v1 body as one series ({@code points: all}): every non-null point of every series
     * in order, each tagged with its series' scope; with {@code LAST_COMPLETE} only points whose
     * bucket ended by {@code toMillis}. Always a vector, so the judge sees a sample.
     */
    public static MetricValue readV1Series(JsonNode root, long toMillis, PointSelection selection) {
        JsonNode series = root.path("series");
        if (!series.isArray()) {
            throw new ProviderException("Datadog answered without a 'series' array");
        }
        List<Object> values = new ArrayList<>();
        List<Map<String, String>> tags = new ArrayList<>();
        for (JsonNode one : series) {
            JsonNode points = one.path("pointlist");
            if (!points.isArray() || points.isEmpty()) {
                continue;
            }
            long bucketMillis = bucketMillis(one, points);
            Map<String, String> seriesTags = tags(one);
            for (JsonNode point : points) {
                JsonNode value = point.path(1);
                if (!value.isNumber()) {
                    continue;
                }
                if (selection == PointSelection.LAST_COMPLETE && point.path(0).asLong() + bucketMillis > toMillis) {
                    continue;
                }
                values.add(finite(value.asDouble()));
                tags.add(seriesTags);
            }
        }
        if (values.isEmpty()) {
            return new MetricValue.NoData(selection == PointSelection.LAST_COMPLETE
                    ? "no complete non-null point in the window" : "only null points in the window");
        }
        return new MetricValue.Vector(values, tags);
    }

    /**
     * Reads a v2 {@code /api/v2/query/scalar} body: {@code group} columns give the tags of each
     * row, the formula's {@code number} column the values.
     *
     * @param queryNames the names of the request's queries, to tell the formula column apart
     *     when Datadog also returns a column per query
     * @throws ProviderException when the body has no {@code data.attributes.columns}
     */
    public static MetricValue readV2(JsonNode root, Set<String> queryNames) {
        JsonNode columns = root.path("data").path("attributes").path("columns");
        if (!columns.isArray()) {
            if (root.path("data").isObject() && !root.path("data").path("attributes").has("columns")) {
                return new MetricValue.NoData("Datadog returned no columns for the window");
            }
            throw new ProviderException("Datadog answered without 'data.attributes.columns'");
        }
        List<JsonNode> groups = new ArrayList<>();
        List<JsonNode> numbers = new ArrayList<>();
        for (JsonNode column : columns) {
            String type = column.path("type").asText("");
            if (type.equals("group")) {
                groups.add(column);
            } else if (type.equals("number")) {
                numbers.add(column);
            }
        }
        if (numbers.isEmpty()) {
            return new MetricValue.NoData("Datadog returned no number column for the window");
        }
        JsonNode number = numbers.get(0);
        if (numbers.size() > 1) {
            for (JsonNode candidate : numbers) {
                if (!queryNames.contains(candidate.path("name").asText())) {
                    number = candidate;
                    break;
                }
            }
        }
        JsonNode rows = number.path("values");
        if (!rows.isArray() || rows.isEmpty()) {
            return new MetricValue.NoData("Datadog returned no values for the window");
        }
        List<Object> values = new ArrayList<>();
        List<Map<String, String>> tags = new ArrayList<>();
        for (int row = 0; row < rows.size(); row++) {
            JsonNode cell = rows.get(row);
            values.add(cell.isNumber() ? (Object) finite(cell.asDouble()) : null);
            Map<String, String> rowTags = new LinkedHashMap<>();
            for (JsonNode group : groups) {
                JsonNode groupValue = group.path("values").path(row);
                rowTags.put(group.path("name").asText(), groupText(groupValue));
            }
            tags.add(rowTags);
        }
        return toValue(values, tags, "only null values in the window");
    }

    private static MetricValue toValue(List<Object> values, List<Map<String, String>> tags, String noData) {
        if (values.stream().allMatch(v -> v == null)) {
            return new MetricValue.NoData(noData);
        }
        if (values.size() == 1) {
            return new MetricValue.Scalar(values.get(0));
        }
        return new MetricValue.Vector(values, tags);
    }

    private static Double pick(JsonNode series, long toMillis, PointSelection selection) {
        JsonNode points = series.path("pointlist");
        if (!points.isArray() || points.isEmpty()) {
            return null;
        }
        long bucketMillis = bucketMillis(series, points);
        for (int i = points.size() - 1; i >= 0; i--) {
            JsonNode point = points.get(i);
            JsonNode value = point.path(1);
            if (!value.isNumber()) {
                continue;
            }
            long start = point.path(0).asLong();
            if (selection == PointSelection.LAST_COMPLETE && start + bucketMillis > toMillis) {
                continue;
            }
            return finite(value.asDouble());
        }
        return null;
    }

    /** A non-finite point is an error: a condition must never pass on Infinity. */
    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new ProviderException("Datadog answered a number out of range (" + value + ")");
        }
        return value;
    }

    /** The rollup bucket: the series' {@code interval} (seconds), else the spacing of its points. */
    private static long bucketMillis(JsonNode series, JsonNode points) {
        long interval = series.path("interval").asLong(0);
        if (interval > 0) {
            return interval * 1000;
        }
        long smallest = 0;
        for (int i = 1; i < points.size(); i++) {
            long gap = points.get(i).path(0).asLong() - points.get(i - 1).path(0).asLong();
            if (gap > 0 && (smallest == 0 || gap < smallest)) {
                smallest = gap;
            }
        }
        return smallest;
    }

    private static Map<String, String> tags(JsonNode series) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode tagSet = series.path("tag_set");
        if (tagSet.isArray() && !tagSet.isEmpty()) {
            for (JsonNode tag : tagSet) {
                put(tags, tag.asText());
            }
            return tags;
        }
        String scope = series.path("scope").asText("");
        if (!scope.isBlank() && !scope.equals("*")) {
            for (String tag : scope.split(",")) {
                put(tags, tag.trim());
            }
        }
        return tags;
    }

    private static void put(Map<String, String> tags, String tag) {
        int colon = tag.indexOf(':');
        if (colon < 0) {
            tags.put(tag, "");
        } else {
            tags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
    }

    private static String groupText(JsonNode value) {
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<JsonNode> it = value.elements(); it.hasNext(); ) {
                parts.add(it.next().asText());
            }
            return String.join(",", parts);
        }
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }
}
