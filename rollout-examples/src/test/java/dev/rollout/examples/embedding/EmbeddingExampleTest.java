package dev.rollout.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example runs as written, with analysis measured over HTTP against a
 * loopback endpoint, on virtual time (the README's snippet) and on real time, and its
 * {@code main} fails with exit codes and one-line messages.
 */
class EmbeddingExampleTest {
    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
              namespace: shop
            spec:
              replicas: 10
              strategy:
                canary:
                  analysis:
                    templates: [{templateName: error-rate}]
                  steps:
                    - setWeight: 25
                    - pause: {duration: %2$s}
                    - analysis:
                        templates: [{templateName: error-rate}]
                    - setWeight: 75
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: error-rate
              namespace: shop
            spec:
              metrics:
                - name: error-rate
                  interval: %3$s
                  count: 2
                  failureLimit: 0
                  successCondition: result < 0.05
                  provider:
                    web:
                      url: %1$s
                      jsonPath: "{$.errorRate}"
            """;

    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile String errorRate = "0.001";

    @BeforeEach
    void startEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/error-rate", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("{\"errorRate\": " + errorRate + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
    }

    /** The rollout file; pauses and intervals short on real time, as in production on virtual. */
    private Path rollout(String pause, String interval) throws IOException {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/error-rate";
        return Files.writeString(dir.resolve("rollout.yaml"), ROLLOUT.formatted(url, pause, interval));
    }

    private static void assertPromoted(RolloutStatus status) {
        assertThat(status.phase()).as(status.message()).isEqualTo(RolloutPhase.Healthy);
        assertThat(status.stableRevision()).isEqualTo("v2");
        assertThat(status.analysisRuns()).hasSize(2).extracting(AnalysisRunStatus::phase)
                .containsOnly(AnalysisPhase.Successful);
    }

    private static void assertAborted(RolloutStatus status) {
        assertThat(status.aborted()).as(status.message()).isTrue();
        assertThat(status.phase()).isEqualTo(RolloutPhase.Degraded);
        assertThat(status.stableRevision()).isEqualTo("v1");
        assertThat(status.message()).contains("error-rate");
    }

    @Test
    void aHealthyRevisionIsPromotedOnVirtualTimeAfterEveryMeasurementWasTaken() throws Exception {
        RolloutStatus status = EmbeddingExample.run(rollout("10s", "1m"), dir.resolve("state"));

        assertPromoted(status);
        // two measurements of the background analysis, two of the step's: none expired in flight
        assertThat(requests).hasValue(4);
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("shop"));
        }
    }

    @Test
    void aBadRevisionIsAbortedOnVirtualTime() throws Exception {
        errorRate = "0.2";

        RolloutStatus status = EmbeddingExample.run(rollout("10s", "1m"), dir.resolve("state"));

        assertAborted(status);
        // the background analysis's first measurement failed it; the steps did not run past it
        assertThat(requests).hasValue(1);
    }

    @Test
    void aBadRevisionWithOnlyBackgroundAnalysisIsAbortedOnVirtualTimeBeforeTheStepsEnd() throws Exception {
        errorRate = "0.2";
        Path file = rollout("10s", "1m");
        // Without a gating step the steps end after 10 s of virtual time: the background analysis's
        // first answer must still be waited for, or promotion ends it unmeasured as Successful.
        String gatingStep = "        - analysis:\n            templates: [{templateName: error-rate}]\n";
        String spec = Files.readString(file);
        assertThat(spec).contains(gatingStep);
        Files.writeString(file, spec.replace(gatingStep, ""));

        RolloutStatus status = EmbeddingExample.run(file, dir.resolve("state"));

        assertAborted(status);
        assertThat(requests).hasValue(1);
    }

    @Test
    void aHealthyRevisionIsPromotedOnRealTime() throws Exception {
        RolloutStatus status = EmbeddingExample.runOnRealTime(rollout("1s", "1s"), dir.resolve("state"),
                Duration.ofSeconds(30));

        assertPromoted(status);
        assertThat(requests).hasValue(4);
    }

    @Test
    void aBadRevisionIsAbortedOnRealTime() throws Exception {
        errorRate = "0.2";

        RolloutStatus status = EmbeddingExample.runOnRealTime(rollout("1s", "1s"), dir.resolve("state"),
                Duration.ofSeconds(30));

        assertAborted(status);
        assertThat(requests).hasValue(1);
    }

    @Test
    void theReadmeSnippetIsTheExamplesCode() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Embedding the engine");
        assertThat(section).as("README has the section").isNotNegative();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start));
        String source = Files.readString(Path.of(
                "src/main/java/dev/rollout/examples/embedding/EmbeddingExample.java"));
        String marked = source.substring(source.indexOf('\n', source.indexOf("README: \"Embedding the engine\" starts here")) + 1,
                source.indexOf("        // --- README: ends here ---"));

        assertThat(marked.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).toList())
                .isEqualTo(snippet.lines().toList());
    }

    private record Exit(int code, String out, String err) {
    }

    private static Exit main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EmbeddingExample.main(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Exit(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mainExitsWithOneWhenTheRolloutIsAborted() throws Exception {
        errorRate = "0.2";

        Exit exit = main(rollout("10s", "1m").toString(), dir.resolve("state").toString());

        assertThat(exit.code()).isEqualTo(1);
        assertThat(exit.out()).startsWith("Degraded: ");
    }

    @Test
    void mainExitsWithZeroWhenTheRolloutIsPromoted() throws Exception {
        Exit exit = main(rollout("10s", "1m").toString(), dir.resolve("state").toString());

        assertThat(exit.code()).isZero();
        assertThat(exit.out()).startsWith("Healthy");
    }

    @Test
    void badArgumentsExitWith64AndTheUsage() {
        for (List<String> args : List.of(List.<String>of(), List.of("only-one.yaml"), List.of("--frobnicate", "a", "b"))) {
            Exit exit = main(args.toArray(String[]::new));

            assertThat(exit.code()).as(args.toString()).isEqualTo(64);
            assertThat(exit.err()).contains("EmbeddingExample: expected a rollout file and a state directory")
                    .contains(EmbeddingExample.USAGE).doesNotContain("\tat ");
            assertThat(exit.out()).isEmpty();
        }
    }

    @Test
    void anInvalidSpecExitsWith64NamingFileLineAndField() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: checkout, namespace: shop}
                spec:
                  replicas: 10
                  strategy:
                    canary:
                      steps:
                        - setWeight: 150
                """);

        Exit exit = main(bad.toString(), dir.resolve("state").toString());

        assertThat(exit.code()).isEqualTo(64);
        assertThat(exit.err()).startsWith("error: " + bad + ":9: spec.strategy.canary.steps[0].setWeight: ")
                .doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void aMissingFileExitsWith64() {
        Exit exit = main(dir.resolve("missing.yaml").toString(), dir.resolve("state").toString());

        assertThat(exit.code()).isEqualTo(64);
        assertThat(exit.err()).contains("missing.yaml").doesNotContain("\tat ");
    }

    @Test
    void aFileWithoutARolloutExitsWith64() throws IOException {
        Path templatesOnly = Files.writeString(dir.resolve("templates.yaml"), """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: t, namespace: shop}
                spec:
                  metrics:
                    - name: m
                      provider: {web: {url: "http://127.0.0.1:1/x", jsonPath: "{$.v}"}}
                """);

        Exit exit = main(templatesOnly.toString(), dir.resolve("state").toString());

        assertThat(exit.code()).isEqualTo(64);
        assertThat(exit.err()).contains(templatesOnly + " holds no Rollout");
    }
}
