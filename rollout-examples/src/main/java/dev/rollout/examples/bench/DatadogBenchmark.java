package dev.rollout.examples.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rollout.api.MockClock;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.datadog.DatadogConfig;
import dev.rollout.datadog.DatadogMetricProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Measures what the Datadog provider costs against a loopback stand-in for Datadog (the JDK's
 * HttpServer): how many HTTP requests 1,000 concurrent rollouts sharing 3 queries make, and the
 * latency the provider adds to each request compared with a bare OkHttp GET of the same kind of URL
 * (the difference is the provider's own work: the asynchronous hand-off, single flight, JSON parsing).
 * Run: {@code java -cp rollout-examples/target/rollout.jar dev.rollout.examples.bench.DatadogBenchmark [iterations]}.
 */
public final class DatadogBenchmark {
    private static final List<String> QUERIES = List.of(
            "sum:trace.http.request.errors{service:checkout}.as_count()",
            "sum:trace.http.request.hits{service:checkout}.as_count()",
            "p99:trace.http.request.duration{service:checkout}");

    private DatadogBenchmark() {
    }

    /** Runs both measurements and prints the figures. */
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        AtomicInteger requests = new AtomicInteger();
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
        // delayed ACK and every response takes ~40 ms, which would measure Linux, not the provider.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService serverThreads = Executors.newFixedThreadPool(4);
        server.setExecutor(serverThreads);
        server.createContext("/api/v1/query", exchange -> answer(exchange, requests));
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            sharing(base, requests);
            latency(base, requests, iterations);
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private static void sharing(String base, AtomicInteger requests) throws Exception {
        MockClock clock = new MockClock(Instant.parse("2026-01-01T00:10:00Z"));
        try (DatadogMetricProvider provider = DatadogMetricProvider.builder(config(base)).clock(clock).build()) {
            requests.set(0);
            List<CompletableFuture<MetricValue>> futures = new ArrayList<>();
            for (int rollout = 0; rollout < 1000; rollout++) {
                for (String query : QUERIES) {
                    futures.add(provider.measure(request("rollout-" + rollout, query, clock.instant())));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            System.out.printf("sharing: 1000 concurrent rollouts x %d queries, same instant -> %d HTTP requests"
                    + " (%d measurements)%n", QUERIES.size(), requests.get(), futures.size());

            // Rollouts measure moments apart in practice: spread the same 3,000 over a 10 s slot.
            clock.add(Duration.ofSeconds(10));
            requests.set(0);
            futures.clear();
            for (int rollout = 0; rollout < 1000; rollout++) {
                Instant at = clock.instant().plusMillis(rollout * 9L);
                for (String query : QUERIES) {
                    futures.add(provider.measure(request("rollout-" + rollout, query, at)));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            System.out.printf("sharing: 1000 rollouts x %d queries spread over 9 s -> %d HTTP requests%n",
                    QUERIES.size(), requests.get());
        }
    }

    private static void latency(String base, AtomicInteger requests, int iterations) throws Exception {
        MockClock clock = new MockClock(Instant.parse("2026-01-01T01:00:00Z"));
        OkHttpClient bare = new OkHttpClient();
        long[] direct = new long[iterations];
        long[] provided = new long[iterations];
        try (DatadogMetricProvider provider = DatadogMetricProvider.builder(config(base)).clock(clock).build()) {
            for (int round = -1; round < 1; round++) {
                // Round -1 warms both clients up; round 0 is measured.
                for (int i = 0; i < iterations; i++) {
                    clock.add(Duration.ofSeconds(10));
                    long to = clock.millis() / 1000;
                    String url = base + "/api/v1/query?from=" + (to - 300) + "&to=" + to + "&query=bare" + i;
                    long start = System.nanoTime();
                    try (Response response = bare.newCall(new Request.Builder().url(url).build()).execute()) {
                        response.body().string();
                    }
                    long middle = System.nanoTime();
                    provider.measure(request("bench", QUERIES.get(0), clock.instant())).get(10, TimeUnit.SECONDS);
                    long end = System.nanoTime();
                    if (round == 0) {
                        direct[i] = middle - start;
                        provided[i] = end - middle;
                    }
                }
            }
        }
        bare.dispatcher().executorService().shutdown();
        bare.connectionPool().evictAll();
        Arrays.sort(direct);
        Arrays.sort(provided);
        System.out.printf("latency over %d sequential requests (loopback): bare OkHttp GET median %.3f ms,"
                        + " p99 %.3f ms; provider (OkHttp + parse + single flight) median %.3f ms, p99 %.3f ms;"
                        + " added median %.3f ms%n", iterations, ms(direct, 0.5), ms(direct, 0.99),
                ms(provided, 0.5), ms(provided, 0.99), ms(provided, 0.5) - ms(direct, 0.5));
        System.out.printf("requests served in total: %d%n", requests.get());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1_000_000.0;
    }

    private static DatadogConfig config(String base) {
        Map<String, String> props = Map.of("datadog.apiKey", "bench-api-key", "datadog.applicationKey",
                "bench-app-key", "datadog.site", base);
        return props::get;
    }

    private static MeasurementRequest request(String rollout, String query, Instant at) {
        return new MeasurementRequest("bench/" + rollout, rollout + "-run", "error-rate", Map.of("query", query), at,
                Optional.empty(), Duration.ofSeconds(30), List.of());
    }

    private static void answer(HttpExchange exchange, AtomicInteger requests) throws IOException {
        requests.incrementAndGet();
        // Points end at the window's end, as Datadog's do: the last bucket is the one still filling.
        String query = exchange.getRequestURI().getQuery();
        long to = Long.parseLong(query.replaceAll(".*(?:^|&)to=(\\d+).*", "$1"));
        long now = to * 1000 / 60_000 * 60_000;
        String body = "{\"status\":\"ok\",\"series\":[{\"scope\":\"service:checkout\",\"interval\":60,\"pointlist\":[["
                + (now - 120_000) + ",0.011],[" + (now - 60_000) + ",0.012],[" + now + ",0.5]]}]}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-RateLimit-Remaining", "100000");
        exchange.getResponseHeaders().add("X-RateLimit-Reset", "3600");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
