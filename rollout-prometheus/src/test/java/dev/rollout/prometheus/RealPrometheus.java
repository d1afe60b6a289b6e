package dev.rollout.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A real Prometheus server (the Debian package's {@code /usr/bin/prometheus}) on a free loopback
 * port with temporary storage, scraping every second a small exporter served here. Each scrape
 * advances each service's counters by its traffic profile, so {@code rate(...)} and
 * {@code histogram_quantile(...)} over the scraped series give known results.
 */
final class RealPrometheus implements AutoCloseable {
    /** Where the Debian package installs the server. */
    static final Path BINARY = Path.of("/usr/bin/prometheus");

    /** Per scrape: requests answered 2xx and 5xx, and how many fall into each latency bucket. */
    record Traffic(int ok, int errors, Map<String, Integer> bucketShares) {
    }

    private static final List<String> BUCKETS = List.of("0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf");

    private final Map<String, Traffic> traffic;
    private final Map<String, long[]> counters = new ConcurrentHashMap<>();
    private final HttpServer exporter;
    private final Path dir;
    private final Process process;
    private final String address;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile int scrapes;

    private RealPrometheus(Map<String, Traffic> traffic) throws IOException {
        this.traffic = Map.copyOf(traffic);
        exporter = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        exporter.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        exporter.start();
        dir = Files.createTempDirectory("rollout-prometheus-");
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 900ms
                  evaluation_interval: 1s
                scrape_configs:
                - job_name: canary
                  static_configs:
                  - targets: ['127.0.0.1:%d']
                """.formatted(exporter.getAddress().getPort()));
        address = "http://127.0.0.1:" + port;
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** Starts Prometheus and the exporter and waits (at most 20 s) until Prometheus is ready. */
    static RealPrometheus start(Map<String, Traffic> traffic) throws Exception {
        RealPrometheus prometheus = new RealPrometheus(traffic);
        try {
            prometheus.awaitReady(Duration.ofSeconds(20));
            return prometheus;
        } catch (Exception | AssertionError e) {
            prometheus.close();
            throw e;
        }
    }

    /** The base URL of the server's HTTP API. */
    String address() {
        return address;
    }

    /** How many times Prometheus has scraped the exporter. */
    int scrapes() {
        return scrapes;
    }

    /**
     * Waits until the instant query {@code query} answers a body {@code ready} accepts, polling
     * every 200 ms for at most {@code within}; fails with the last answer and the server's log.
     */
    void awaitQuery(String query, Predicate<String> ready, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            if (ready.test(last)) {
                return;
            }
            Thread.sleep(200); // real time: Prometheus scrapes on its own clock
        }
        throw new AssertionError("Prometheus did not answer " + query + " as expected within " + within
                + "; last answer: " + last + "\n" + log());
    }

    private void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus exited with " + process.exitValue() + "\n" + log());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(address + "/-/ready"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100); // real time: waiting for a process to start
        }
        throw new AssertionError("Prometheus was not ready within " + within + "\n" + log());
    }

    private String get(String path) throws Exception {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(address + path)).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The last lines of the server's log, for failure messages. */
    String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
            return "prometheus log (last lines):\n  " + String.join("\n  ",
                    lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no prometheus log: " + e + ")";
        }
    }

    /** One scrape: every service's traffic is added once, then the totals are exposed. */
    private synchronized String scrape() {
        scrapes++;
        StringBuilder requests = new StringBuilder("# TYPE http_requests_total counter\n");
        StringBuilder latency = new StringBuilder("# TYPE http_request_duration_seconds histogram\n");
        traffic.keySet().stream().sorted().forEach(service -> {
            Traffic t = traffic.get(service);
            long[] c = counters.computeIfAbsent(service, s -> new long[2 + BUCKETS.size()]);
            c[0] += t.ok();
            c[1] += t.errors();
            long cumulative = 0;
            for (int b = 0; b < BUCKETS.size(); b++) {
                cumulative += t.bucketShares().getOrDefault(BUCKETS.get(b), 0);
                c[2 + b] += cumulative;
            }
            requests.append("http_requests_total{service=\"%s\",status=\"200\"} %d\n".formatted(service, c[0]));
            requests.append("http_requests_total{service=\"%s\",status=\"500\"} %d\n".formatted(service, c[1]));
            for (int b = 0; b < BUCKETS.size(); b++) {
                latency.append("http_request_duration_seconds_bucket{service=\"%s\",le=\"%s\"} %d\n"
                        .formatted(service, BUCKETS.get(b), c[2 + b]));
            }
            latency.append("http_request_duration_seconds_count{service=\"%s\"} %d\n"
                    .formatted(service, c[2 + BUCKETS.size() - 1]));
        });
        return requests.append(latency).toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        exporter.stop(0);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
