package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollout run} against the fake Kubernetes API server, whose controllers move on their own
 * as a real cluster's do: exit codes, the Deployment's image afterwards, clear errors for a bad
 * kubeconfig, context or server, and the kubeconfig's token never printed.
 */
class RunCommandTest {
    private static final String TOKEN = "tok-5ec12e7-never-printed";
    private static final String NEW_IMAGE = "registry.example/web:2";
    private static final String OLD_IMAGE = "registry.example/web:1";

    @TempDir
    java.nio.file.Path dir;

    private FakeKubeApiServer server;
    private ScheduledExecutorService controllers;
    private HttpServer metrics;
    private volatile String metricBody = "{\"data\": 0.99}";

    @BeforeEach
    void startCluster() throws IOException {
        server = FakeKubeApiServer.start();
        server.create("apps/v1", "deployments", "shop", """
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
                 "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"web","image":"registry.example/web:1"}]}}}}
                """);
        server.tick(6);
        controllers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-controllers");
            t.setDaemon(true);
            return t;
        });
        // The simulated controllers run on their own, as a cluster's do while rollout polls it.
        controllers.scheduleWithFixedDelay(server::tick, 20, 20, TimeUnit.MILLISECONDS);
        metrics = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metrics.createContext("/metric", exchange -> {
            byte[] body = metricBody.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        metrics.start();
    }

    @AfterEach
    void stop() {
        controllers.shutdownNow();
        metrics.stop(0);
        server.close();
    }

    private String kubeconfig() {
        return new CliRunner(dir).file("kubeconfig", server.kubeconfig("shop").replace("fake-token", TOKEN));
    }

    private static final String CANARY = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: web}
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                    - setWeight: 50
                    - pause: {duration: 1}
                    - setWeight: 75
            """;

    private String analysed() {
        return """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web}
                spec:
                  replicas: 4
                  strategy:
                    canary:
                      # Without a traffic router the canary goes at once on an abort anyway.
                      abortScaleDownDelaySeconds: 0
                      steps:
                        - setWeight: 50
                        - analysis: {templates: [{templateName: success-rate}]}
                        - setWeight: 75
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: success-rate}
                spec:
                  metrics:
                    - name: success-rate
                      successCondition: result >= 0.95
                      provider:
                        web:
                          url: http://127.0.0.1:%d/metric
                          jsonPath: "{$.data}"
                """.formatted(metrics.getAddress().getPort());
    }

    private CliRunner.Result run(String rollout, String... extra) {
        CliRunner cli = new CliRunner(dir);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--kubeconfig",
                kubeconfig(), "--rollout", cli.file("rollout.yaml", rollout), "--revision", NEW_IMAGE,
                "--timeout=2m"));
        args.addAll(java.util.List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    private String image() {
        return server.get("apps/v1", "deployments", "shop", "web").orElseThrow().path("spec")
                .path("template").path("spec").path("containers").get(0).path("image").asText();
    }

    private static void assertNoToken(CliRunner.Result result) {
        assertThat(result.out()).doesNotContain(TOKEN);
        assertThat(result.err()).doesNotContain(TOKEN).doesNotContain("\tat ");
    }

    @Test
    void aCanaryWithoutAnalysisIsPromotedAndTheDeploymentRunsTheNewImage() {
        CliRunner.Result result = run(CANARY);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("result: Healthy on fake").contains("step 3/3");
        assertThat(image()).isEqualTo(NEW_IMAGE);
        assertNoToken(result);
    }

    @Test
    void aWebMetricThatPassesPromotesAndJsonNamesTheContextAndServer() {
        CliRunner.Result result = run(analysed(), "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.json().get("phase").asText()).isEqualTo("Healthy");
        assertThat(result.json().get("context").asText()).isEqualTo("fake");
        assertThat(result.json().get("server").asText()).isEqualTo(server.url());
        assertThat(result.json().get("analysisRuns").get(0).get("phase").asText()).isEqualTo("Successful");
        assertThat(image()).isEqualTo(NEW_IMAGE);
        assertNoToken(result);
    }

    @Test
    void aWebMetricThatFailsAbortsWithExitOneAndLeavesTheOldImage() {
        metricBody = "{\"data\": 0.5}";
        CliRunner.Result result = run(analysed());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.out()).contains("result: Degraded (aborted)")
                .contains("Rollout aborted update to revision " + NEW_IMAGE);
        assertThat(image()).isEqualTo(OLD_IMAGE);
        assertThat(server.store().list(server.type("apps/v1", "deployments"), "shop"))
                .as("the canary's Deployment is gone").hasSize(1);
        assertNoToken(result);
    }

    @Test
    void aMissingKubeconfigIsExit64NamingTheFile() {
        CliRunner cli = new CliRunner(dir);
        String missing = dir.resolve("no-kubeconfig").toString();
        CliRunner.Result result = cli.run("run", "--kubeconfig", missing, "--rollout",
                cli.file("r.yaml", CANARY), "--revision", NEW_IMAGE);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).isEqualTo("rollout: --kubeconfig " + missing + ": no such file"
                + System.lineSeparator());
    }

    @Test
    void anInvalidKubeconfigIsExit64WithoutQuotingIt() {
        CliRunner cli = new CliRunner(dir);
        String broken = cli.file("broken", "clusters: [\n  token: " + TOKEN + "\n  {{{");
        CliRunner.Result result = cli.run("run", "--kubeconfig", broken, "--rollout",
                cli.file("r.yaml", CANARY), "--revision", NEW_IMAGE);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).startsWith("rollout: --kubeconfig " + broken + ": not a valid kubeconfig");
        assertNoToken(result);
    }

    @Test
    void anUnknownContextIsExit64NamingTheContextsThereAre() {
        CliRunner.Result result = run(CANARY, "--context", "prod");

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("context 'prod' not found (it has fake)");
        assertThat(image()).isEqualTo(OLD_IMAGE);
        assertNoToken(result);
    }

    @Test
    void anUnreachableServerIsExit64NamingItsUrl() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        CliRunner cli = new CliRunner(dir);
        String config = cli.file("kubeconfig-down", server.kubeconfig("shop").replace("fake-token", TOKEN)
                .replace(server.url(), "http://127.0.0.1:" + closed));
        CliRunner.Result result = cli.run("run", "--kubeconfig", config, "--rollout",
                cli.file("r.yaml", CANARY), "--revision", NEW_IMAGE);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).startsWith("rollout: cannot reach the API server at http://127.0.0.1:"
                + closed + " (context 'fake')");
        assertNoToken(result);
    }

    @Test
    void aMissingDeploymentIsExit64() {
        CliRunner.Result result = run(CANARY.replace("name: web", "name: api"));

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("Deployment shop/api not found on " + server.url());
        assertNoToken(result);
    }
}
