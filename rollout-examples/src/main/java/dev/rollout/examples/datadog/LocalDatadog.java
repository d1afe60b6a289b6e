package dev.rollout.examples.datadog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for Datadog's {@code POST /api/v2/query/scalar}, for running the example
 * without an account: the error rate it answers depends on the {@code version:} tag of the query.
 */
public final class LocalDatadog implements AutoCloseable {
    private static final Pattern VERSION = Pattern.compile("version:([A-Za-z0-9._-]+)");

    private final HttpServer server;
    private final Map<String, Double> errorRates = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** Starts the stand-in on a free loopback port. */
    public LocalDatadog() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/query/scalar", this::answer);
        server.start();
    }

    /** The base URL to use as {@code datadog.site}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes queries tagged {@code version:<version>} answer {@code rate} (errors per request). */
    public void errorRate(String version, double rate) {
        errorRates.put(version, rate);
    }

    /** How many queries were answered. */
    public int requests() {
        return requests.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher version = VERSION.matcher(body);
        Double rate = version.find() ? errorRates.get(version.group(1)) : null;
        String value = rate == null ? "null" : Double.toString(rate);
        byte[] answer = ("{\"data\":{\"type\":\"scalar_response\",\"attributes\":{\"columns\":["
                + "{\"name\":\"a / b\",\"type\":\"number\",\"values\":[" + value + "]}]}}}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", "1000");
        exchange.getResponseHeaders().add("X-RateLimit-Reset", "3600");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
