package dev.rollout.prometheus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.http.Exchange;
import dev.rollout.http.JsonBodies;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns Prometheus' answer to {@code /api/v1/query} into a value, as Argo Rollouts maps it: a
 * {@code scalar} is a number, a {@code vector} is a list with one number per sample (also for one
 * sample, so {@code result[0]} works), a {@code matrix} is the list of all its samples' numbers,
 * series after series. An empty vector or matrix is no data; so is a result of NaN only when
 * {@code nanAsNoData}. {@code +Inf} and {@code -Inf} are numbers, as in PromQL. Thread-safe.
 */
public final class ResponseReader {
    private static final int MAX_ERROR_LENGTH = 500;
    /** Go's float formatting; excludes Java-only forms such as {@code 1d} or hexadecimal floats. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private final ObjectMapper mapper;
    private final boolean nanAsNoData;

    /** A reader with {@code mapper} that reads NaN-only results as no data when {@code nanAsNoData}. */
    public ResponseReader(ObjectMapper mapper, boolean nanAsNoData) {
        this.mapper = mapper;
        this.nanAsNoData = nanAsNoData;
    }

    /** A successful answer: the value and the warnings Prometheus attached (possibly empty). */
    public record Reading(MetricValue value, List<String> warnings) {
    }

    /**
     * The value of an answer.
     *
     * @throws ProviderException saying why there is none (the caller prefixes what was asked and redacts)
     */
    public Reading read(Exchange.Answer answer) {
        JsonNode json = JsonBodies.object(mapper, answer.body());
        int code = answer.code();
        String after = answer.attempts() > 1 ? " after " + answer.attempts() + " attempts" : "";
        if (code < 200 || code >= 300) {
            String detail = describe(answer.body(), json);
            throw new ProviderException(switch (code) {
                case 400 -> "Prometheus rejected the query (HTTP 400): " + detail;
                case 401 -> "Prometheus refused the credentials (HTTP 401 Unauthorized); check the block's"
                        + " authentication or Authorization header";
                case 403 -> "Prometheus denied access (HTTP 403 Forbidden): " + detail;
                case 422 -> "Prometheus could not evaluate the query (HTTP 422): " + detail;
                case 429 -> "rate limited by Prometheus (HTTP 429)" + after
                        + answer.hintSeconds().stream().mapToObj(s -> "; it asked to retry after " + s + "s")
                                .findFirst().orElse("");
                default -> "Prometheus answered HTTP " + code + after + ": " + detail;
            });
        }
        if (json == null) {
            throw new ProviderException("Prometheus answered HTTP " + code + " with malformed JSON: "
                    + describe(answer.body(), null));
        }
        if (!"success".equals(json.path("status").asText())) {
            throw new ProviderException("Prometheus reported an error with HTTP " + code + ": " + describe(answer.body(), json));
        }
        List<String> warnings = new ArrayList<>();
        for (JsonNode warning : json.path("warnings")) {
            warnings.add(shorten(warning.asText()));
        }
        JsonNode data = json.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        MetricValue value = switch (type) {
            case "scalar" -> scalar(result);
            case "vector" -> vector(result);
            case "matrix" -> matrix(result);
            case "" -> throw new ProviderException("Prometheus answered without data.resultType");
            default -> throw new ProviderException("Prometheus answered a " + shorten(type)
                    + " result; only vector, scalar and matrix results can be measured");
        };
        return new Reading(value, List.copyOf(warnings));
    }

    private MetricValue scalar(JsonNode result) {
        double value = sample(result, "scalar");
        if (Double.isNaN(value) && nanAsNoData) {
            return new MetricValue.NoData("Prometheus answered NaN (for example 0/0: no requests in the window)");
        }
        return new MetricValue.Scalar(value);
    }

    private MetricValue vector(JsonNode result) {
        if (!result.isArray()) {
            throw new ProviderException("Prometheus answered a vector without a result array");
        }
        List<Object> values = new ArrayList<>();
        List<Map<String, String>> tags = new ArrayList<>();
        for (JsonNode one : result) {
            if (!one.has("value") && one.has("histogram")) {
                throw new ProviderException("Prometheus answered native histogram samples; measure them with"
                        + " histogram_quantile(...) or histogram_count(...)");
            }
            values.add(sample(one.path("value"), "vector sample"));
            tags.add(labels(one.path("metric")));
        }
        return list(values, tags, "an empty vector: no series matched the query");
    }

    private MetricValue matrix(JsonNode result) {
        if (!result.isArray()) {
            throw new ProviderException("Prometheus answered a matrix without a result array");
        }
        List<Object> values = new ArrayList<>();
        List<Map<String, String>> tags = new ArrayList<>();
        for (JsonNode series : result) {
            Map<String, String> labels = labels(series.path("metric"));
            for (JsonNode point : series.path("values")) {
                values.add(sample(point, "matrix sample"));
                tags.add(labels);
            }
        }
        return list(values, tags, "an empty matrix: no samples matched the query");
    }

    private MetricValue list(List<Object> values, List<Map<String, String>> tags, String empty) {
        if (values.isEmpty()) {
            return new MetricValue.NoData("Prometheus returned " + empty);
        }
        if (nanAsNoData && values.stream().allMatch(v -> Double.isNaN((Double) v))) {
            return new MetricValue.NoData("Prometheus answered NaN only (" + values.size()
                    + (values.size() == 1 ? " sample" : " samples") + "; for example 0/0: no requests in the window)");
        }
        return new MetricValue.Vector(values, tags);
    }

    /** A {@code [time, "value"]} pair: Prometheus sends values as strings, NaN and infinities included. */
    private static double sample(JsonNode pair, String what) {
        JsonNode value = pair.path(1);
        if (!pair.isArray() || pair.size() != 2 || !value.isTextual()) {
            throw new ProviderException("Prometheus answered a malformed " + what + ": " + shorten(pair.toString()));
        }
        String text = value.asText();
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!NUMBER.matcher(text).matches()) {
                    throw new ProviderException("Prometheus answered a " + what + " that is not a number: '"
                            + shorten(text) + "'");
                }
                return Double.parseDouble(text);
        }
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> label = it.next();
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }


    /** Prometheus' {@code errorType: error}, else the body itself (a proxy's HTML page), shortened. */
    private static String describe(String body, JsonNode json) {
        if (json != null && json.path("error").isTextual()) {
            String type = json.path("errorType").asText("");
            return (type.isEmpty() ? "" : type + ": ") + shorten(json.path("error").asText());
        }
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        return shorten(body.strip().replaceAll("\\s+", " "));
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH) + "...";
    }
}
