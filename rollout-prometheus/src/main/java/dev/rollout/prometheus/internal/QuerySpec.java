package dev.rollout.prometheus.internal;

import dev.rollout.api.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parsed {@code prometheus:} provider block with Argo's fields: {@code address}, {@code query},
 * {@code timeout} (seconds), {@code headers} ({@code [{key, value}]}) and
 * {@code authentication.basicAuth}. SigV4, OAuth2, {@code insecure} and {@code rangeQuery} load
 * (they are valid Argo YAML) but are refused when measured, with a message saying what to do
 * instead, never silently ignored.
 *
 * @param address the block's address, normalized, if given
 * @param query the PromQL expression
 * @param timeout the block's {@code timeout}, if given
 * @param headers extra request headers, in order
 * @param basicAuth basic-auth credentials, if given
 */
public record QuerySpec(Optional<String> address, String query, Optional<Duration> timeout,
        List<Header> headers, Optional<BasicAuth> basicAuth) {

    private static final Set<String> FIELDS =
            Set.of("address", "query", "timeout", "headers", "authentication", "insecure", "rangeQuery");
    /** Headers the provider sets itself: a block overriding them would break the request. */
    private static final Set<String> RESERVED = Set.of("host", "content-type", "content-length",
            "transfer-encoding", "connection");

    public QuerySpec {
        headers = List.copyOf(headers);
    }

    /** An extra header; its value may be a secret, so it never prints. */
    public record Header(String name, String value) {
        @Override
        public String toString() {
            return name + ": ****";
        }
    }

    /** Basic-auth credentials; the password never prints. */
    public record BasicAuth(String username, Secret password) {
        @Override
        public String toString() {
            return "BasicAuth[" + username + ", ****]";
        }
    }

    /**
     * Every problem of a provider block, each starting with its field; empty when valid. Fields
     * holding {@code {{args.*}}} placeholders are checked when the measurement substitutes them.
     */
    public static List<String> validate(Map<String, Object> block) {
        List<String> problems = new ArrayList<>();
        parse(block, true, problems, new ArrayList<>());
        return problems;
    }

    /**
     * The Argo features of a block this provider cannot measure (SigV4, OAuth2, {@code insecure},
     * {@code rangeQuery}), each starting with its field; empty when it can. They are valid Argo
     * YAML, so they load and lint; a measurement of them fails with this message.
     */
    public static List<String> unsupported(Map<String, Object> block) {
        List<String> unsupported = new ArrayList<>();
        parse(block, true, new ArrayList<>(), unsupported);
        return unsupported;
    }

    /**
     * Parses a provider block whose placeholders have been substituted.
     *
     * @throws IllegalArgumentException listing every problem when the block is invalid
     */
    public static QuerySpec parse(Map<String, Object> block) {
        List<String> problems = new ArrayList<>();
        QuerySpec spec = parse(block, false, problems, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return spec;
    }

    private static QuerySpec parse(Map<String, Object> block, boolean lenient, List<String> problems,
            List<String> unsupported) {
        for (String field : new TreeMap<>(block).keySet()) {
            if (!FIELDS.contains(field)) {
                problems.add(field + ": unknown field (allowed: address, query, timeout, headers, authentication)");
            }
        }
        String query = null;
        Object queryValue = block.get("query");
        if (queryValue == null) {
            problems.add("query: is required (a PromQL expression)");
        } else if (!(queryValue instanceof String text) || text.isBlank()) {
            problems.add("query: must be a non-empty string");
        } else {
            query = text.strip();
        }
        Optional<String> address = address(block.get("address"), lenient, problems);
        Optional<Duration> timeout = timeout(block.get("timeout"), lenient, problems);
        List<Header> headers = headers(block.get("headers"), problems);
        Optional<BasicAuth> basicAuth = authentication(block.get("authentication"), problems, unsupported);
        if (basicAuth.isPresent() && headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Authorization"))) {
            problems.add("authentication.basicAuth: cannot be used together with an Authorization header");
        }
        Object insecure = block.get("insecure");
        if (insecure != null && !(insecure instanceof Boolean)) {
            problems.add("insecure: must be true or false");
        } else if (Boolean.TRUE.equals(insecure)) {
            unsupported.add("insecure: skipping TLS verification is not supported; add the server's CA"
                    + " certificate to the JVM's trust store (javax.net.ssl.trustStore) instead");
        }
        if (block.containsKey("rangeQuery")) {
            unsupported.add("rangeQuery: range queries are not supported yet; use an instant query over a"
                    + " range, for example max_over_time(<expr>[5m:1m]), with all(result, ...) on a vector");
        }
        return new QuerySpec(address, query == null ? "" : query, timeout, headers, basicAuth);
    }

    private static boolean placeholder(Object value) {
        return value instanceof String text && text.contains("{{");
    }

    private static Optional<String> address(Object value, boolean lenient, List<String> problems) {
        if (value == null || (lenient && placeholder(value))) {
            return Optional.empty();
        }
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add("address: must be a non-empty string (the Prometheus base URL)");
            return Optional.empty();
        }
        try {
            return Optional.of(Addresses.normalize(text));
        } catch (IllegalArgumentException e) {
            problems.add("address: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Argo's {@code timeout}: whole seconds; a substituted arg arrives as a string. */
    private static Optional<Duration> timeout(Object value, boolean lenient, List<String> problems) {
        if (value == null || (lenient && placeholder(value))) {
            return Optional.empty();
        }
        long seconds;
        if (value instanceof Long || value instanceof Integer) {
            seconds = ((Number) value).longValue();
        } else if (value instanceof String text && text.strip().matches("-?\\d{1,9}")) {
            seconds = Long.parseLong(text.strip());
        } else {
            problems.add("timeout: must be a whole number of seconds, for example 30, was '" + value + "'");
            return Optional.empty();
        }
        if (seconds <= 0) {
            problems.add("timeout: must be positive (seconds), was " + seconds);
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    private static List<Header> headers(Object value, List<String> problems) {
        List<Header> headers = new ArrayList<>();
        if (value == null) {
            return headers;
        }
        if (!(value instanceof List<?> list)) {
            problems.add("headers: must be a list of {key, value}, for example [{key: X-Scope-OrgID, value: tenant-a}]");
            return headers;
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "headers[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> entry)) {
                problems.add(where + ": must be a mapping with key and value");
                continue;
            }
            for (Object field : entry.keySet()) {
                if (!"key".equals(field) && !"value".equals(field)) {
                    problems.add(where + "." + field + ": unknown field (allowed: key, value)");
                }
            }
            Object key = entry.get("key");
            Object headerValue = entry.get("value");
            if (!(key instanceof String name) || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                problems.add(where + ".key: must be a header name, was '" + key + "'");
                continue;
            }
            if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
                problems.add(where + ".key: " + name + " is set by the provider and cannot be given");
                continue;
            }
            if (headerValue == null) {
                problems.add(where + ".value: is required");
                continue;
            }
            String text = String.valueOf(headerValue);
            // The value is never echoed: it may be a secret arg.
            if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                problems.add(where + ".value: must not contain line breaks");
                continue;
            }
            headers.add(new Header(name, text));
        }
        return headers;
    }

    private static Optional<BasicAuth> authentication(Object value, List<String> problems,
            List<String> unsupported) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> auth)) {
            problems.add("authentication: must be a mapping (basicAuth)");
            return Optional.empty();
        }
        for (Object field : auth.keySet()) {
            if (!Set.of("basicAuth", "sigv4", "oauth2").contains(field)) {
                problems.add("authentication." + field + ": unknown field (allowed: basicAuth)");
            }
        }
        if (auth.get("sigv4") instanceof Map<?, ?> sigv4 && !sigv4.isEmpty()) {
            unsupported.add("authentication.sigv4: SigV4 signing (Amazon Managed Service for Prometheus) is not"
                    + " supported; run a SigV4 signing proxy such as aws-sigv4-proxy and set address to it");
        }
        if (auth.get("oauth2") instanceof Map<?, ?> oauth2 && !oauth2.isEmpty()) {
            unsupported.add("authentication.oauth2: the OAuth2 client-credentials flow is not supported yet; pass"
                    + " a token as a header {key: Authorization, value: \"Bearer {{args.token}}\"} with a secret arg");
        }
        Object basic = auth.get("basicAuth");
        if (basic == null) {
            return Optional.empty();
        }
        if (!(basic instanceof Map<?, ?> credentials)) {
            problems.add("authentication.basicAuth: must be a mapping with username and password");
            return Optional.empty();
        }
        for (Object field : credentials.keySet()) {
            if (!"username".equals(field) && !"password".equals(field)) {
                problems.add("authentication.basicAuth." + field + ": unknown field (allowed: username, password)");
            }
        }
        Object username = credentials.get("username");
        Object password = credentials.get("password");
        boolean hasUser = username instanceof String u && !u.isEmpty();
        boolean hasPassword = password != null && !String.valueOf(password).isEmpty();
        if (!hasUser && !hasPassword) {
            return Optional.empty();
        }
        if (!hasUser) {
            problems.add("authentication.basicAuth.username: is required with a password");
            return Optional.empty();
        }
        if (!hasPassword) {
            problems.add("authentication.basicAuth.password: is required with a username");
            return Optional.empty();
        }
        if (((String) username).contains(":")) {
            problems.add("authentication.basicAuth.username: must not contain ':'");
            return Optional.empty();
        }
        return Optional.of(new BasicAuth((String) username, Secret.of(String.valueOf(password))));
    }
}
