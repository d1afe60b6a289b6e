package dev.rollout.examples.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.prometheus.PrometheusMetricProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the HTTP requests the Prometheus provider makes for N rollouts sharing Q queries,
 * against a loopback stand-in for {@code /api/v1/query} (the JDK's HttpServer): all at one
 * instant, spread over one 10 s alignment slot, and with alignment off (every rollout asking at
 * its own millisecond), which is what sharing saves. Run:
 * {@code java -cp rollout-examples/target/rollout.jar dev.rollout.examples.bench.PrometheusBenchmark [N [Q]]}.
 */
public final class PrometheusBenchmark {

    private PrometheusBenchmark() {
    }

    /** Runs the three passes and prints the figures. */
    public static void main(String[] args) throws Exception {
        int rollouts = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        AtomicInteger requests = new AtomicInteger();
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK and every response takes ~40 ms, which would measure Linux, not the provider.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/api/v1/query", exchange -> answer(exchange, requests));
        server.start();
        String address = "http://127.0.0.1:" + server.getAddress().getPort();
        List<String> promql = new ArrayList<>();
        for (int q = 0; q < queries; q++) {
            promql.add("sum(rate(http_requests_total{service=\"checkout\",status=~\"5..\",q=\"" + q + "\"}[1m]))"
                    + " / sum(rate(http_requests_total{service=\"checkout\",q=\"" + q + "\"}[1m]))");
        }
        try {
            pass("same instant", address, promql, rollouts, 0, "10s", requests);
            pass("spread over 9 s", address, promql, rollouts, 9_000L / rollouts, "10s", requests);
            pass("alignment off (windowAlignment 0s), 1 ms apart", address, promql, rollouts, 1, "0s", requests);
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private static void pass(String name, String address, List<String> promql, int rollouts, long apartMillis,
            String alignment, AtomicInteger requests) throws Exception {
        MockClock clock = new MockClock(Instant.parse("2026-01-01T00:10:00Z"));
        Map<String, String> props = new HashMap<>(Map.of("prometheus.address", address,
                "prometheus.windowAlignment", alignment));
        requests.set(0);
        long start = System.nanoTime();
        try (PrometheusMetricProvider provider = PrometheusMetricProvider.builder(props::get).clock(clock).build()) {
            List<CompletableFuture<MetricValue>> futures = new ArrayList<>();
            for (int rollout = 0; rollout < rollouts; rollout++) {
                Instant at = clock.instant().plusMillis(rollout * apartMillis);
                for (String query : promql) {
                    futures.add(provider.measure(new MeasurementRequest("bench/rollout-" + rollout,
                            "rollout-" + rollout + "-run", "error-rate", Map.of("query", query), at,
                            Optional.empty(), Duration.ofSeconds(30), List.of())));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            System.out.printf("%s: %d rollouts x %d queries = %d measurements -> %d HTTP requests"
                    + " (provider counted %d), %.0f ms%n", name, rollouts, promql.size(), futures.size(),
                    requests.get(), provider.requestsStarted(), (System.nanoTime() - start) / 1e6);
        }
    }

    private static void answer(HttpExchange exchange, AtomicInteger requests) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1767226200,\"0.004\"]}]}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
