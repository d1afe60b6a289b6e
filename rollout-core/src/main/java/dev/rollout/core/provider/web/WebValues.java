package dev.rollout.core.provider.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MetricValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a 2xx body into a value. An empty list, or one of nulls only, is no data, as Datadog's
 * empty series is: otherwise {@code all(result, ...)} would pass on nothing measured. A
 * non-finite number is an error, never a value a condition could pass.
 */
final class WebValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebValues() {
    }

    /** The value at the spec's path in {@code body}; {@code target} names the request in errors. */
    static MetricValue read(String body, WebRequestSpec spec, String target) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            throw new ProviderException(target + " answered a body that is not JSON" + excerpt(body));
        }
        List<JsonNode> found = spec.jsonPath() == null ? List.of(root) : spec.jsonPath().select(root);
        if (found.isEmpty()) {
            return new MetricValue.NoData("jsonPath " + spec.jsonPath() + " matched nothing");
        }
        List<Object> values = new ArrayList<>();
        if (found.size() > 1 || spec.jsonPath() != null && spec.jsonPath().hasWildcard()) {
            for (JsonNode n : found) {
                values.add(element(n, spec, target));
            }
        } else {
            JsonNode node = found.get(0);
            if (node.isNull()) {
                return new MetricValue.NoData("jsonPath " + path(spec) + " is null");
            }
            if (!node.isArray()) {
                return new MetricValue.Scalar(element(node, spec, target));
            }
            node.elements().forEachRemaining(n -> values.add(element(n, spec, target)));
        }
        if (values.isEmpty()) {
            return new MetricValue.NoData("jsonPath " + path(spec) + " is an empty list");
        }
        if (values.stream().allMatch(v -> v == null)) {
            return new MetricValue.NoData("jsonPath " + path(spec) + " holds only nulls");
        }
        return MetricValue.Vector.of(values);
    }

    private static Object element(JsonNode n, WebRequestSpec spec, String target) {
        if (n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new ProviderException(target + ": jsonPath " + path(spec) + " selects a number out of range ("
                        + d + "); a metric needs a finite number");
            }
            return d;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        throw new ProviderException(target + ": jsonPath " + path(spec)
                + " selects " + (n.isObject() ? "an object" : "a nested list")
                + "; select a number, string, boolean or list of them");
    }

    private static String path(WebRequestSpec spec) {
        return spec.jsonPath() == null ? "$" : spec.jsonPath().toString();
    }

    /** The body's first 200 characters on one line, for messages (redacted by the caller). */
    static String excerpt(String body) {
        String head = body.length() > 1_000 ? body.substring(0, 1_000) : body;
        String s = head.strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }
}
