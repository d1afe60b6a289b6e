package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code deploy}, {@code versions}, {@code approve} and {@code rollback} contract, on the
 * repository's {@code examples/conductor/checkout} service: exit codes and {@code --json} fields.
 */
class DeployCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "conductor", "checkout");

    @TempDir
    Path dir;

    private Path service;
    private String state;

    @BeforeEach
    void copyExample() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve("checkout").resolve(EXAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        service = dir.resolve("checkout/service.yaml");
        state = dir.resolve("state").toString();
    }

    private CliRunner.Result deploy(String env, String revision, String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "--config", service.toString(),
                "--env", env, "--revision", revision, "--state-dir", state, "--json"));
        args.addAll(List.of(extra));
        if (!args.contains("--metrics")) {
            args.addAll(List.of("--metrics", dir.resolve("checkout/metrics-good.yaml").toString()));
        }
        return new CliRunner(dir).run(args.toArray(String[]::new));
    }

    private CliRunner.Result approve(String env) {
        return new CliRunner(dir).run("approve", "--config", service.toString(), "--env", env,
                "--state-dir", state, "--metrics", dir.resolve("checkout/metrics-good.yaml").toString(),
                "--json");
    }

    /** 1.0.0 everywhere, approving what waits. */
    private void baseline() {
        for (String env : List.of("staging", "production")) {
            CliRunner.Result result = deploy(env, "1.0.0", "--first-deploy");
            if (result.exitCode() == 2) {
                result = approve(env);
            }
            assertThat(result.exitCode()).as(result.err()).isZero();
        }
    }

    @Test
    void deploysEveryClusterAndPrintsTheJsonContract() {
        baseline();
        CliRunner.Result staging = deploy("staging", "1.1.0");
        assertThat(staging.exitCode()).as(staging.err()).isZero();
        CliRunner.Result result = deploy("production", "1.1.0");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode json = result.json();
        assertThat(json.get("service").asText()).isEqualTo("checkout");
        assertThat(json.get("environment").asText()).isEqualTo("production");
        assertThat(json.get("revision").asText()).isEqualTo("1.1.0");
        assertThat(json.get("result").asText()).isEqualTo("Deployed");
        JsonNode clusters = json.get("clusters");
        assertThat(clusters).extracting(c -> c.get("name").asText())
                .containsExactly("us-east", "eu-west", "ap-south");
        assertThat(clusters).extracting(c -> c.get("wave").asInt()).containsExactly(0, 1, 1);
        assertThat(clusters).extracting(c -> c.get("replicas").asInt()).containsExactly(10, 6, 3);
        assertThat(clusters).extracting(c -> c.get("previousRevision").asText())
                .containsOnly("1.0.0");
        assertThat(clusters.get(0).get("values").get("resources").get("requests").get("cpu").asText())
                .isEqualTo("500m");
        assertThat(json.get("notifications")).extracting(n -> n.get("kind").asText())
                .containsExactly("STARTED", "FINISHED");
    }

    @Test
    void aBadRegionHaltsTheSecondWaveWithExitOne() {
        baseline();
        deploy("staging", "1.1.0");
        CliRunner.Result result = deploy("production", "1.1.0", "--metrics",
                dir.resolve("checkout/metrics-bad-eu-west.yaml").toString());
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        JsonNode json = result.json();
        assertThat(json.get("result").asText()).isEqualTo("Failed");
        assertThat(json.get("clusters")).extracting(c -> c.get("phase").asText())
                .containsExactly("Healthy", "Degraded", "Aborted");
    }

    @Test
    void anOlderRevisionIsRefusedWithExitFour() {
        baseline();
        deploy("staging", "1.2.0");
        CliRunner.Result result = deploy("staging", "1.1.0");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
        assertThat(result.json().get("result").asText()).isEqualTo("Refused");
        assertThat(result.json().get("message").asText()).contains("1.1.0").contains("1.2.0");
    }

    @Test
    void productionBeforeStagingIsRefusedWithExitFour() {
        baseline();
        CliRunner.Result result = deploy("production", "1.1.0");
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.err()).contains("1.1.0 has not reached staging");
    }

    @Test
    void versionsListsWhatRunsWhereAndTheHistory() {
        baseline();
        deploy("staging", "1.1.0");
        CliRunner.Result result = new CliRunner(dir).run("versions", "--config", service.toString(),
                "--state-dir", state, "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode envs = result.json().get("environments");
        assertThat(envs).extracting(e -> e.get("environment").asText())
                .containsExactly("staging", "production");
        assertThat(envs.get(0).get("clusters").get(0).get("revision").asText()).isEqualTo("1.1.0");
        assertThat(envs.get(1).get("clusters")).extracting(c -> c.get("revision").asText())
                .containsOnly("1.0.0");
        assertThat(envs.get(0).get("history")).extracting(h -> h.get("kind").asText())
                .contains("DEPLOYED", "FINISHED");
    }

    @Test
    void dryRunPrintsThePlanWithProvenanceAndChangesNothing() {
        baseline();
        deploy("staging", "1.1.0");
        CliRunner.Result result = new CliRunner(dir).run("deploy", "--config", service.toString(),
                "--env", "production", "--revision", "1.1.0", "--state-dir", state, "--dry-run");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("wave 1, then gate: soak 10m0s analysis [error-rate]")
                .contains("us-east: 10 replicas in shop, image registry.example.com/checkout:1.1.0,"
                        + " now 1.0.0")
                .contains("values files: chart/values.yaml, chart/values-production.yaml,"
                        + " chart/values-production-us-east.yaml")
                .contains("replicaCount = 10   (chart/values-production-us-east.yaml:2)")
                .contains("analysis.args.threshold = 0.9   (chart/values-production-ap-south.yaml:4)");
        CliRunner.Result versions = new CliRunner(dir).run("versions", "--config",
                service.toString(), "--state-dir", state, "--env", "production", "--json");
        assertThat(versions.json().get("environments").get(0).get("clusters"))
                .extracting(c -> c.get("revision").asText()).containsOnly("1.0.0");
    }

    @Test
    void rollbackIsADeliberateRecordedExceptionToNoRegression() {
        baseline();
        deploy("staging", "1.1.0");
        CliRunner.Result result = new CliRunner(dir).run("rollback", "--config", service.toString(),
                "--env", "staging", "--to", "1.0.0", "--reason", "checkout errors", "--state-dir",
                state, "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        CliRunner.Result versions = new CliRunner(dir).run("versions", "--config",
                service.toString(), "--state-dir", state, "--env", "staging", "--json");
        JsonNode staging = versions.json().get("environments").get(0);
        assertThat(staging.get("clusters").get(0).get("revision").asText()).isEqualTo("1.0.0");
        assertThat(staging.get("history")).anySatisfy(h -> {
            assertThat(h.get("kind").asText()).isEqualTo("ROLLED_BACK");
            assertThat(h.get("message").asText()).contains("checkout errors");
        });
    }

    @Test
    void badInputIsExit64WithoutATrace() {
        CliRunner.Result unknownEnv = deploy("qa", "1.0.0");
        assertThat(unknownEnv.exitCode()).isEqualTo(64);
        assertThat(unknownEnv.err()).contains("no environment named 'qa'").doesNotContain("\tat ");
        CliRunner.Result unknownRevision = deploy("staging", "9.9.9");
        assertThat(unknownRevision.exitCode()).isEqualTo(64);
        assertThat(unknownRevision.err()).contains("9.9.9").doesNotContain("\tat ");
        CliRunner.Result missingConfig = new CliRunner(dir).run("deploy", "--config",
                dir.resolve("nope.yaml").toString(), "--env", "staging", "--revision", "1.0.0");
        assertThat(missingConfig.exitCode()).isEqualTo(64);
        assertThat(missingConfig.err()).contains("nope.yaml");
    }

    @Test
    void aDeployWaitingForApprovalExitsTwoAndApproveFinishesIt() throws IOException {
        String config = Files.readString(service).replace(
                "gate: {soak: 10m, analysis: {templates: [{templateName: error-rate}]}}",
                "gate: {approval: true}");
        write(service, config);
        baseline();
        deploy("staging", "1.1.0");
        CliRunner.Result waiting = deploy("production", "1.1.0");
        assertThat(waiting.exitCode()).as(waiting.err()).isEqualTo(2);
        assertThat(waiting.json().get("result").asText()).isEqualTo("WaitingForApproval");
        assertThat(waiting.json().get("clusters")).extracting(c -> c.get("phase").asText())
                .containsExactly("Healthy", "Pending", "Pending");

        CliRunner.Result approved = approve("production");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.json().get("result").asText()).isEqualTo("Deployed");
        CliRunner.Result versions = new CliRunner(dir).run("versions", "--config",
                service.toString(), "--state-dir", state, "--env", "production", "--json");
        JsonNode history = versions.json().get("environments").get(0).get("history");
        long usEastDeploys = 0;
        for (JsonNode h : history) {
            if (h.get("kind").asText().equals("DEPLOYED") && "us-east".equals(h.get("cluster").asText())
                    && h.get("revision").asText().equals("1.1.0")) {
                usEastDeploys++;
            }
        }
        assertThat(usEastDeploys).as("us-east is not deployed again").isEqualTo(1);
    }

    @Test
    void aClusterWhoseKubeconfigIsMissingFailsTheDeployUpFrontWithExitOne() throws IOException {
        baseline();
        String config = Files.readString(service).replace("  environments:\n",
                "  clusters:\n    us-east: {kubeconfig: missing-kubeconfig.yaml, context: prod}\n"
                        + "  environments:\n");
        write(service, config);
        CliRunner.Result result = deploy("production", "1.0.0");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
        assertThat(result.err()).contains("cluster us-east of production")
                .contains("missing-kubeconfig.yaml").doesNotContain("\tat ");
        CliRunner.Result versions = new CliRunner(dir).run("versions", "--config", service.toString(),
                "--state-dir", state, "--env", "production", "--json");
        assertThat(versions.json().get("environments").get(0).get("deploying").isNull()).isTrue();
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
