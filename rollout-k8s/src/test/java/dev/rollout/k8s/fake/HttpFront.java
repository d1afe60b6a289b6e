package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The HTTP side of the fake: faults, the request log, watches, pod logs, then the {@link ApiHandler}. */
final class HttpFront implements HttpHandler {
    private final ObjectStore store;
    private final ResourceTypes types;
    private final ApiHandler api;
    private final Watches watches;
    private final Faults faults;
    private final RequestLog requests;
    private final PodLogs podLogs;
    private final Runnable beforeEachRequest;
    /** Released when the server closes, so an injected hang or latency never outlives it. */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);

    HttpFront(ObjectStore store, ResourceTypes types, ApiHandler api, Watches watches, Faults faults,
              RequestLog requests, PodLogs podLogs, Runnable beforeEachRequest) {
        this.store = store;
        this.types = types;
        this.api = api;
        this.watches = watches;
        this.faults = faults;
        this.requests = requests;
        this.podLogs = podLogs;
        this.beforeEachRequest = beforeEachRequest;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = exchange.getRequestURI().getPath();
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
                .map(v -> v.split(";")[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        byte[] body = exchange.getRequestBody().readAllBytes();
        String bodyText = new String(body, StandardCharsets.UTF_8);
        try {
            beforeEachRequest.run();
            pause(faults.latency());
            Optional<Faults.Fault> fault = faults.next(method, path);
            if (fault.isPresent() && fault.get() instanceof Faults.Held h) {
                h.gate().arrive();
                try {
                    h.gate().awaitRelease();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (fault.isPresent() && !(fault.get() instanceof Faults.Delay)
                    && !(fault.get() instanceof Faults.ApplyThenDrop) && !(fault.get() instanceof Faults.Held)) {
                // Logged before answering: a client that has its answer finds the request logged.
                int code = fault.get() instanceof Faults.Respond r ? r.code() : -1;
                requests.add(new RequestLog.Entry(method, path, rawQuery, contentType, bodyText, code));
                injure(exchange, fault.get());
                return;
            }
            if (fault.isPresent() && fault.get() instanceof Faults.Delay d) {
                pause(d.duration());
            }
            Map<String, String> query = queryParams(rawQuery);
            ApiPath apiPath = ApiPath.parse(path);
            if (apiPath != null && "GET".equals(method) && apiPath.name() == null
                    && ("true".equals(query.get("watch")) || "1".equals(query.get("watch")))) {
                requests.add(new RequestLog.Entry(method, path, rawQuery, contentType, bodyText, 200));
                watches.serve(exchange, apiPath, query);
                return;
            }
            if (apiPath != null && "GET".equals(method) && "pods".equals(apiPath.plural()) && apiPath.group().isEmpty()
                    && "log".equals(apiPath.subresource())) {
                servePodLog(exchange, apiPath, method, path, rawQuery, contentType, bodyText);
                return;
            }
            ApiHandler.Response response = respond(method, path, apiPath, query, contentType, body);
            if (fault.isPresent() && fault.get() instanceof Faults.ApplyThenDrop) {
                requests.add(new RequestLog.Entry(method, path, rawQuery, contentType, bodyText, -1));
                return;
            }
            requests.add(new RequestLog.Entry(method, path, rawQuery, contentType, bodyText, response.code()));
            send(exchange, response.code(), response.body(), Map.of());
        } finally {
            exchange.close();
        }
    }

    private ApiHandler.Response respond(String method, String path, ApiPath apiPath, Map<String, String> query,
                                        String contentType, byte[] body) {
        try {
            if (path.equals("/version")) {
                ObjectNode version = ApiHandler.JSON.createObjectNode();
                version.put("major", "1").put("minor", "33").put("gitVersion", "v1.33.0-fake")
                        .put("platform", "linux/amd64");
                return new ApiHandler.Response(200, version);
            }
            if (apiPath == null) {
                throw new StatusError(404, "NotFound", "the server could not find the requested resource", null, null);
            }
            return api.handle(method, apiPath, query, contentType, body);
        } catch (StatusError e) {
            return new ApiHandler.Response(e.code(), e.toStatus());
        } catch (RuntimeException e) {
            return new ApiHandler.Response(500, new StatusError(500, "InternalError",
                    "Internal error occurred: " + e, null, null).toStatus());
        }
    }

    private void servePodLog(HttpExchange exchange, ApiPath p, String method, String path, String rawQuery,
                             String contentType, String bodyText) throws IOException {
        if (store.get(types.resolve("", "pods", null), p.namespace(), p.name()).isEmpty()) {
            StatusError missing = StatusError.notFound(types.resolve("", "pods", null), p.name());
            requests.add(new RequestLog.Entry(method, path, rawQuery, contentType, bodyText, 404));
            send(exchange, 404, missing.toStatus(), Map.of());
            return;
        }
        byte[] text = podLogs.get(p.namespace(), p.name()).getBytes(StandardCharsets.UTF_8);
        requests.add(new RequestLog.Entry(method, path, rawQuery, contentType, bodyText, 200));
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, text.length == 0 ? -1 : text.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(text);
        }
    }

    private int injure(HttpExchange exchange, Faults.Fault fault) throws IOException {
        if (fault instanceof Faults.Respond r) {
            ObjectNode status = StatusError.status(r.code(), "Failure", r.reason(), r.message(), null, null);
            Map<String, String> headers = Map.of();
            if (r.retryAfterSeconds() != null) {
                status.putObject("details").put("retryAfterSeconds", r.retryAfterSeconds());
                headers = Map.of("Retry-After", Integer.toString(r.retryAfterSeconds()));
            }
            send(exchange, r.code(), status, headers);
            return r.code();
        }
        if (fault instanceof Faults.Hang h) {
            pause(h.duration());
        }
        // Closing without response headers makes HttpServer drop the connection.
        return -1;
    }

    /**
     * Holds a request for an injected hang or latency. These faults exist to test the client's
     * real timeouts, so they take real time, but they end early when the server closes.
     */
    private void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            stopped.await(duration.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends every hang in progress; called when the server closes. */
    void stop() {
        stopped.countDown();
    }

    static void send(HttpExchange exchange, int code, JsonNode body, Map<String, String> headers) throws IOException {
        byte[] bytes = ApiHandler.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Decodes a raw query string into its parameters (last one wins). */
    static Map<String, String> queryParams(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
