package dev.rollout.k8s.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Every request the fake received, in order, for wire-level assertions. Thread-safe; resettable. */
public final class RequestLog {
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /**
     * One request and the answer.
     *
     * @param method the HTTP method
     * @param path the decoded path, without the query
     * @param query the raw query string, {@code ""} when none
     * @param contentType the Content-Type header without parameters, {@code ""} when none
     * @param body the request body as text, {@code ""} when none
     * @param status the HTTP status answered, or -1 when the connection was dropped
     */
    public record Entry(String method, String path, String query, String contentType, String body, int status) {
        /** Whether this is a POST, PUT, PATCH or DELETE. */
        public boolean isWrite() {
            return WRITES.contains(method);
        }

        /** The body parsed as JSON (or YAML for server-side apply); a 400-style error when it is neither. */
        public com.fasterxml.jackson.databind.JsonNode json() {
            return ApiHandler.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** The value of a query parameter (URL-decoded), or null. */
        public String queryParam(String name) {
            return HttpFront.queryParams(query).get(name);
        }

        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(Entry entry) {
        entries.add(entry);
    }

    /** All requests so far. */
    public synchronized List<Entry> all() {
        return List.copyOf(entries);
    }

    /** The requests whose method equals {@code method} (null: any) and whose path matches the regex. */
    public List<Entry> matching(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return filter(e -> (method == null || method.equals(e.method())) && p.matcher(e.path()).matches());
    }

    /** The POST, PUT, PATCH and DELETE requests so far. */
    public List<Entry> writes() {
        return filter(Entry::isWrite);
    }

    /** How many writes (POST, PUT, PATCH, DELETE) were received. */
    public int writeCount() {
        return writes().size();
    }

    /** The requests matching a predicate. */
    public synchronized List<Entry> filter(Predicate<Entry> predicate) {
        return entries.stream().filter(predicate).toList();
    }

    /** Forgets every request. */
    public synchronized void reset() {
        entries.clear();
    }
}
