package dev.rollout.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Debian's headless Chromium driven over the Chrome DevTools protocol with OkHttp's WebSocket:
 * no driver binary and no new dependency. Collects console errors, log errors and uncaught
 * exceptions of the page. Every wait is bounded; {@link #close()} kills the browser.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final OkHttpClient http;
    private WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private HeadlessChromium(Process process, Path profile) {
        this.process = process;
        this.profile = profile;
        this.http = new OkHttpClient.Builder().readTimeout(WAIT).connectTimeout(WAIT).build();
    }

    /** Starts Chromium; fails (never skips) when the Debian package is not installed. */
    static HeadlessChromium start() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the Debian package 'chromium'"
                    + " (apt-get install -y chromium); .ci/run installs it when missing");
        }
        Path profile = Files.createTempDirectory("rollout-chromium-");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--hide-scrollbars", "--window-size=1100,900", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        HeadlessChromium browser = new HeadlessChromium(process, profile);
        try {
            browser.connect();
            return browser;
        } catch (IOException | RuntimeException | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + WAIT.toNanos();
        // Chromium writes the port it chose once it listens; polling a file of another process.
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!process.isAlive()) {
                throw new AssertionError("chromium exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("chromium did not open its DevTools port within " + WAIT + ": " + log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        String page;
        try (Response list = http.newCall(new Request.Builder()
                .url("http://127.0.0.1:" + port + "/json/list").build()).execute()) {
            JsonNode targets = JSON.readTree(list.body().string());
            page = Stream.of(JSON.treeToValue(targets, JsonNode[].class))
                    .filter(t -> "page".equals(t.path("type").asText()))
                    .map(t -> t.get("webSocketDebuggerUrl").asText()).findFirst()
                    .orElseThrow(() -> new AssertionError("no page target: " + targets));
        }
        socket = http.newWebSocket(new Request.Builder().url(page).build(), new WebSocketListener() {
            @Override
            public void onMessage(WebSocket webSocket, String text) {
                received(text);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                pending.values().forEach(f -> f.completeExceptionally(t));
            }
        });
        call("Runtime.enable", JSON.createObjectNode());
        call("Log.enable", JSON.createObjectNode());
        call("Page.enable", JSON.createObjectNode());
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                if (f != null) {
                    if (message.has("error")) {
                        f.completeExceptionally(new AssertionError("CDP error: " + message.get("error")));
                    } else {
                        f.complete(message.get("result"));
                    }
                }
                return;
            }
            String method = message.path("method").asText();
            JsonNode params = message.path("params");
            switch (method) {
                case "Runtime.exceptionThrown" -> problems.add("uncaught exception: "
                        + params.path("exceptionDetails"));
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) {
                        problems.add("console." + type + ": " + params.path("args"));
                    }
                }
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        problems.add("log error: " + params.path("entry"));
                    }
                }
                case "Page.loadEventFired" -> loaded.complete(null);
                default -> {
                }
            }
        } catch (IOException e) {
            problems.add("unreadable CDP message: " + e);
        }
    }

    /** Sends a CDP command and waits (bounded) for its result. */
    JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        pending.put(id, result);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (!socket.send(message.toString())) {
            throw new AssertionError("CDP socket closed sending " + method);
        }
        try {
            return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(method + " failed: " + e, e);
        }
    }

    /** Opens {@code file} and waits for its load event. */
    void open(Path file) {
        loaded = new CompletableFuture<>();
        call("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
        try {
            loaded.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("page did not load within " + WAIT + ": " + e, e);
        }
    }

    /** Evaluates {@code expression} in the page and returns its value as JSON. */
    JsonNode eval(String expression) {
        JsonNode result = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("evaluating " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Console errors, log errors and uncaught exceptions seen so far. */
    List<String> problems() {
        return new ArrayList<>(problems);
    }

    /** A PNG of the whole page, written to {@code file}. */
    void screenshot(Path file) throws IOException {
        int height = eval("Math.ceil(document.documentElement.scrollHeight)").asInt();
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", 1100)
                .put("height", Math.min(Math.max(height, 400), 6000)).put("deviceScaleFactor", 1)
                .put("mobile", false));
        JsonNode shot = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.cancel();
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroyForcibly);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary profile left behind is harmless.
        }
    }
}
