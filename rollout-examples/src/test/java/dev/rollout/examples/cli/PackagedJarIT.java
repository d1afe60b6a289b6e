package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code target/rollout.jar}, run as users run it ({@code java -jar}, a child JVM):
 * copied alone into an empty directory it runs demo, lint, simulate and an embedded deploy, and
 * the commands that need the Kubernetes client say which lib/ files are missing (exit 64); beside
 * the build's {@code target/lib/} it runs {@code run} on a Kubernetes API server. Runs after
 * package (the packaged-jar-tests execution).
 */
class PackagedJarIT {
    private static final Path BUILT = Path.of(System.getProperty("rollout.jar", "target/rollout.jar"));
    private static final Path EXAMPLE = Path.of("..", "examples", "conductor", "checkout");

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    private Result java(Path jar, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path alone() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("alone")).resolve("rollout.jar");
        Files.copy(BUILT, copy);
        return copy;
    }

    private String file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content).toString();
    }

    /** The conductor example, copied, with {@code clusters:} inserted before its environments. */
    private Path service(String clusters) throws IOException {
        Path to = dir.resolve("checkout-" + Math.abs(clusters.hashCode()));
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path from : files.toList()) {
                Path target = to.resolve(EXAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(from, target);
                }
            }
        }
        Path service = to.resolve("service.yaml");
        Files.writeString(service, Files.readString(service).replace("  environments:\n",
                clusters + "  environments:\n"));
        return service;
    }

    private Result deploy(Path jar, Path service) throws IOException, InterruptedException {
        return java(jar, "deploy", "--config", service.toString(), "--env", "staging", "--revision",
                "1.0.0", "--first-deploy", "--json", "--metrics",
                service.resolveSibling("metrics-good.yaml").toString());
    }

    @Test
    void theSlimJarCarriesNeitherTheKubernetesClientNorJGit() throws IOException {
        try (JarFile jar = new JarFile(BUILT.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertThat(names).contains("dev/rollout/examples/cli/RolloutCommand.class",
                    "picocli/CommandLine.class", "dev/rollout/core/RolloutEngine.class",
                    "dev/rollout/examples/cli/version.properties");
            assertThat(names).noneMatch(n -> n.startsWith("io/kubernetes/") || n.startsWith("dev/rollout/k8s/")
                    || n.startsWith("org/eclipse/jgit/") || n.startsWith("org/bouncycastle/")
                    || n.startsWith("com/google/protobuf/"));
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(classPath).contains("lib/rollout-k8s-", "lib/client-java-", "lib/org.eclipse.jgit-");
            for (String entry : classPath.split(" ")) {
                assertThat(BUILT.resolveSibling(entry)).as(entry).isRegularFile();
            }
        }
        assertThat(Files.size(BUILT)).as("rollout.jar's size").isLessThan(16L << 20);
    }

    @Test
    void aloneItRunsTheOfflineCommandsAndNamesWhatRunNeeds() throws Exception {
        Path jar = alone();
        Result version = java(jar, "version");
        assertThat(version.out().trim()).isEqualTo("rollout " + System.getProperty("rollout.expectedVersion"));

        Result demo = java(jar, "demo");
        assertThat(demo.exitCode()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("revision 2: Degraded, rolled back by analysis", "revision 3: Healthy");

        String rollout = file("r.yaml", Specs.CANARY);
        Result lint = java(jar, "lint", rollout);
        assertThat(lint.exitCode()).as(lint.err()).isZero();
        Result simulate = java(jar, "simulate", "--rollout", rollout, "--metrics",
                file("m.yaml", Specs.GOOD_METRICS), "--json");
        assertThat(simulate.exitCode()).as(simulate.err()).isZero();
        assertThat(new ObjectMapper().readTree(simulate.out()).get("phase").asText()).isEqualTo("Healthy");
        Result embedded = deploy(jar, service(""));
        assertThat(embedded.exitCode()).as(embedded.err()).isZero();
        assertThat(new ObjectMapper().readTree(embedded.out()).get("result").asText()).isEqualTo("Deployed");

        Result run = java(jar, "run", "--kubeconfig", file("kubeconfig", "{}"), "--rollout", rollout,
                "--revision", "2");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(64);
        assertThat(run.err()).contains("rollout: run needs the Kubernetes client")
                .contains("lib/rollout-k8s-").contains("rollout-examples/target/lib/")
                .doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
        Result real = deploy(jar, service("  clusters:\n    staging-eu: {kubeconfig: kube.yaml, context: x}\n"));
        assertThat(real.exitCode()).as(real.err()).isEqualTo(64);
        assertThat(real.err()).contains("needs the Kubernetes client").contains("lib/client-java-");
        assertThat(java(jar, "run", "--help").exitCode()).isZero();
    }

    @Test
    void besideItsLibItRunsOnAKubernetesCluster() throws Exception {
        FakeKubeApiServer server = FakeKubeApiServer.start();
        ScheduledExecutorService controllers = Executors.newSingleThreadScheduledExecutor();
        try {
            server.create("apps/v1", "deployments", "shop", """
                    {"apiVersion":"apps/v1","kind":"Deployment",
                     "metadata":{"name":"web","namespace":"shop","labels":{"app":"web"}},
                     "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
                       "template":{"metadata":{"labels":{"app":"web"}},
                         "spec":{"containers":[{"name":"web","image":"registry.example/web:1"}]}}}}
                    """);
            server.tick(6);
            controllers.scheduleWithFixedDelay(server::tick, 20, 20, TimeUnit.MILLISECONDS);
            String rollout = file("web.yaml", """
                    apiVersion: argoproj.io/v1alpha1
                    kind: Rollout
                    metadata: {name: web}
                    spec:
                      replicas: 4
                      strategy:
                        canary:
                          steps:
                            - setWeight: 50
                            - setWeight: 75
                    """);
            Result run = java(BUILT, "run", "--kubeconfig", file("kubeconfig", server.kubeconfig("shop")),
                    "--rollout", rollout, "--revision", "registry.example/web:2", "--timeout=2m", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(new ObjectMapper().readTree(run.out()).get("phase").asText()).isEqualTo("Healthy");
            assertThat(server.get("apps/v1", "deployments", "shop", "web").orElseThrow()
                    .at("/spec/template/spec/containers/0/image").asText()).isEqualTo("registry.example/web:2");
        } finally {
            controllers.shutdownNow();
            server.close();
        }
        // A deploy to a real cluster reaches the Kubernetes client, which finds no kubeconfig.
        Result real = deploy(BUILT, service("  clusters:\n    staging-eu: {kubeconfig: missing-kubeconfig.yaml}\n"));
        assertThat(real.exitCode()).as(real.err()).isEqualTo(1);
        assertThat(real.err()).contains("missing-kubeconfig.yaml").doesNotContain("lib/");
    }
}
