package dev.rollout.core.provider.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code web:} provider block read and checked (Argo's fields: {@code url}, {@code method},
 * {@code headers[{key, value}]}, {@code body} or {@code jsonBody}, {@code timeoutSeconds} (default
 * the provider's, 10), {@code jsonPath}, {@code insecure} (default false)).
 *
 * @param url the URL
 * @param method GET, POST or PUT
 * @param headers header names and values, in order
 * @param body the body to send, or null
 * @param json whether {@code body} came from {@code jsonBody}
 * @param timeout the bound on the whole call ({@code timeoutSeconds}), empty for the provider's default
 * @param jsonPath the path selecting the value, or null for the whole document
 * @param insecure whether TLS certificates are not verified
 */
record WebRequestSpec(String url, String method, List<Map.Entry<String, String>> headers, String body,
        boolean json, Optional<Duration> timeout, JsonPath jsonPath, boolean insecure) {
    static final Set<String> FIELDS = Set.of("url", "method", "headers", "body", "jsonBody",
            "timeoutSeconds", "jsonPath", "insecure");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code block}; every problem goes to {@code problems} as {@code field: message}. */
    static WebRequestSpec read(Map<String, Object> block, List<String> problems) {
        int mark = problems.size();
        for (String key : block.keySet()) {
            if (key.equals("authentication")) {
                // Argo's web OAuth2 client-credentials flow: a known field we do not implement.
                problems.add(key + ": is not supported by rollout (Argo's OAuth2 for web metrics);"
                        + " send a token in headers instead");
            } else if (!FIELDS.contains(key)) {
                problems.add(key + ": unknown field, expected one of: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)));
            }
        }
        String url = null;
        Object u = block.get("url");
        if (!(u instanceof String s) || s.isBlank()) {
            problems.add("url: is required" + (u == null ? "" : " and must be a string"));
        } else if (!s.startsWith("http://") && !s.startsWith("https://") && !s.contains("{{")) {
            problems.add("url: must start with http:// or https://");
        } else if (!s.contains("{{") && invalidUrl(s) != null) {
            problems.add("url: is not a valid URL: " + invalidUrl(s));
        } else {
            url = s;
        }
        String method = "GET";
        Object m = block.get("method");
        if (m != null) {
            method = String.valueOf(m).toUpperCase(Locale.ROOT);
            if (!Set.of("GET", "POST", "PUT").contains(method)) {
                problems.add("method: must be GET, POST or PUT, was " + m);
            }
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        Object h = block.get("headers");
        if (h instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> entry && entry.get("key") instanceof String key
                        && entry.get("value") instanceof String value) {
                    headers.add(Map.entry(key, value));
                } else {
                    problems.add("headers[" + i + "]: must be {key: <string>, value: <string>}");
                }
            }
        } else if (h != null) {
            problems.add("headers: must be a list of {key, value}");
        }
        String body = null;
        boolean json = false;
        if (block.containsKey("body") && block.containsKey("jsonBody")) {
            problems.add("body: set body or jsonBody, not both");
        } else if (block.get("body") instanceof String s) {
            body = s;
        } else if (block.containsKey("body")) {
            problems.add("body: must be a string (use jsonBody for JSON)");
        } else if (block.containsKey("jsonBody")) {
            try {
                body = JSON.writeValueAsString(block.get("jsonBody"));
                json = true;
            } catch (JsonProcessingException e) {
                problems.add("jsonBody: cannot be written as JSON: " + e.getOriginalMessage());
            }
        }
        if (body != null && method.equals("GET")) {
            problems.add("method: GET cannot send a body; use POST or PUT");
        }
        Optional<Duration> timeout = Optional.empty();
        Object t = block.get("timeoutSeconds");
        if (t != null) {
            if (t instanceof Number n && n.longValue() > 0 && n.doubleValue() == n.longValue()) {
                timeout = Optional.of(Duration.ofSeconds(n.longValue()));
            } else {
                problems.add("timeoutSeconds: must be a positive integer, was " + t);
            }
        }
        JsonPath path = null;
        Object p = block.get("jsonPath");
        if (p instanceof String s) {
            try {
                path = JsonPath.parse(s);
            } catch (IllegalArgumentException e) {
                problems.add("jsonPath: " + e.getMessage());
            }
        } else if (p != null) {
            problems.add("jsonPath: must be a string");
        }
        boolean insecure = false;
        Object in = block.get("insecure");
        if (in instanceof Boolean b) {
            insecure = b;
        } else if (in != null) {
            problems.add("insecure: must be true or false");
        }
        if (problems.size() > mark) {
            return null;
        }
        return new WebRequestSpec(url, method, List.copyOf(headers), body, json, timeout, path, insecure);
    }

    /** Headers as a map, for messages and tests. */
    Map<String, String> headerMap() {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Why {@code url} cannot be sent (as {@code URI.create} would refuse it), or null. */
    private static String invalidUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            return uri.getHost() == null ? "it names no host" : null;
        } catch (java.net.URISyntaxException e) {
            // The reason and the text, not the JDK's character index (which differs by release).
            return e.getReason() + ": " + e.getInput();
        }
    }
}
